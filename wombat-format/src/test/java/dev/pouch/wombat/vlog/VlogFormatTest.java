package dev.pouch.wombat.vlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.bytes.LittleEndian;
import dev.pouch.wombat.bytes.MemoryByteSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VlogFormatTest {

  private static byte[] text(int length) {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < length) {
      sb.append("the quick brown fox jumps over the lazy dog ");
    }
    return sb.substring(0, length).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] random(int length, long seed) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void recordRoundTripsByteForByte() {
    byte[] payload = text(100);
    byte[] record = VlogRecordCodec.encode(payload);
    assertThat(LittleEndian.u32(record, 0)).isEqualTo(100);
    assertThat(LittleEndian.u64(record, 4)).isEqualTo(dev.pouch.wombat.bytes.Fnv1a64.hash(payload));
    assertThat(Arrays.copyOfRange(record, 12, record.length)).isEqualTo(payload);
  }

  @Test
  void compressionRuleFollowsSizeAndEntropy() {
    assertThat(ValueCompression.shouldCompress(text(64))).isTrue();
    assertThat(ValueCompression.shouldCompress(text(63))).isFalse();
    assertThat(ValueCompression.shouldCompress(random(4096, 1))).isFalse();
    assertThat(ValueCompression.entropyBitsPerByte(new byte[100])).isZero();
  }

  @Test
  void storedCompressedValueResolvesToTheValue() {
    byte[] value = text(5000);
    byte[] stored = ValueCompression.storedPayload(value, true, 6);
    assertThat(stored.length).isLessThan(value.length);
    assertThat(stored[0] & 0xFF).isEqualTo(0x78);
    assertThat(ValueCompression.resolve(stored)).isEqualTo(value);
    assertThat(ValueCompression.storedPayload(value, false, 6)).isSameAs(value);
  }

  @Test
  void inflateRejectsTrailingBytesAndBadAdler() {
    byte[] value = text(1000);
    byte[] z = ValueCompression.deflate(value, 6);
    byte[] trailing = Arrays.copyOf(z, z.length + 1);
    assertThat(ValueCompression.inflateExactly(trailing, 1 << 20)).isEmpty();
    byte[] badAdler = z.clone();
    badAdler[badAdler.length - 1] ^= 1;
    assertThat(ValueCompression.inflateExactly(badAdler, 1 << 20)).isEmpty();
    assertThat(ValueCompression.resolve(badAdler)).isEqualTo(badAdler);
    byte[] truncated = Arrays.copyOf(z, z.length - 2);
    assertThat(ValueCompression.inflateExactly(truncated, 1 << 20)).isEmpty();
    assertThat(ValueCompression.inflateExactly(z, 1 << 20)).hasValueSatisfying(v -> assertThat(v).isEqualTo(value));
  }

  @Test
  void randomPayloadResolvesToItself() {
    byte[] raw = random(2048, 7);
    assertThat(ValueCompression.resolve(raw)).isEqualTo(raw);
  }

  private record Log(byte[] bytes, ValuePointer first, ValuePointer second) {}

  private static Log twoRecordLog(int capacity) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] r1 = VlogRecordCodec.encode(ValueCompression.storedPayload(text(3000), true, 6));
    byte[] r2 = VlogRecordCodec.encode(random(500, 3));
    out.write(r1);
    out.write(r2);
    byte[] bytes = Arrays.copyOf(out.toByteArray(), capacity);
    return new Log(bytes, new ValuePointer(4, 0, r1.length), new ValuePointer(4, r1.length, r2.length));
  }

  @Test
  void pointerChecksCoverEveryOutcome() throws Exception {
    Log log = twoRecordLog(8192);
    ValueLogSet set = ValueLogSet.of(Map.of(4L, ByteSource.of(log.bytes)));
    assertThat(set.check(log.first)).isEqualTo(PointerCheck.VALID);
    assertThat(set.check(log.second)).isEqualTo(PointerCheck.VALID);
    assertThat(set.check(new ValuePointer(5, 0, log.first.size()))).isEqualTo(PointerCheck.UNKNOWN_FILE);
    assertThat(set.check(new ValuePointer(4, 8000, 500))).isEqualTo(PointerCheck.PAST_END);
    assertThat(set.check(new ValuePointer(4, 0, log.first.size() + 1))).isEqualTo(PointerCheck.SIZE_MISMATCH);
    byte[] corrupt = log.bytes.clone();
    corrupt[20] ^= 1;
    assertThat(VlogRecordCodec.check(ByteSource.of(corrupt), log.first)).isEqualTo(PointerCheck.CHECKSUM_MISMATCH);
    ValueLogSet captured = ValueLogSet.of(Map.of(4L, ByteSource.of(log.bytes, (int) log.second.offset())));
    assertThat(captured.check(log.second)).isEqualTo(PointerCheck.PAST_END);
  }

  @Test
  void readValueInflatesCompressedAndKeepsRaw() throws Exception {
    Log log = twoRecordLog(8192);
    ValueLogSet set = ValueLogSet.of(Map.of(4L, ByteSource.of(log.bytes)));
    assertThat(set.readValue(log.first)).isEqualTo(Bytes.wrap(text(3000)));
    assertThat(set.readValue(log.second)).isEqualTo(Bytes.wrap(random(500, 3)));
  }

  @Test
  void pointerRoundTrips() {
    ValuePointer p = new ValuePointer(0xFFFF_FFFFL, 1L << 40, 13);
    assertThat(ValuePointer.decode(p.encode(), 0)).isEqualTo(p);
  }

  @Test
  void scanFindsLogicalEndAtZeroTail() throws Exception {
    Log log = twoRecordLog(8192);
    VlogScan scan = VlogScanner.scan(ByteSource.of(log.bytes));
    assertThat(scan.end()).isEqualTo(log.second.offset() + log.second.size());
    assertThat(scan.recordCount()).isEqualTo(2);
    assertThat(scan.stopReason()).isEqualTo(VlogStopReason.ZERO_LENGTH);
    assertThat(scan.tailIsZero()).isTrue();
  }

  @Test
  void scanStopsAtChecksumMismatchAndPastEnd() throws Exception {
    Log log = twoRecordLog(8192);
    byte[] corrupt = log.bytes.clone();
    corrupt[(int) log.second.offset() + 20] ^= 1;
    VlogScan scan = VlogScanner.scan(ByteSource.of(corrupt));
    assertThat(scan.end()).isEqualTo(log.second.offset());
    assertThat(scan.stopReason()).isEqualTo(VlogStopReason.CHECKSUM_MISMATCH);
    assertThat(scan.tailIsZero()).isFalse();

    int cut = (int) (log.second.offset() + log.second.size() - 1);
    VlogScan truncated = VlogScanner.scan(ByteSource.of(Arrays.copyOf(log.bytes, cut)));
    assertThat(truncated.end()).isEqualTo(log.second.offset());
    assertThat(truncated.stopReason()).isEqualTo(VlogStopReason.PAST_END);
  }

  @Test
  void writerPreallocatesAndReturnsPointers() throws Exception {
    MemoryByteSink sink = new MemoryByteSink();
    VlogWriter writer = VlogWriter.create(sink, 2, 4096);
    assertThat(sink.length()).isEqualTo(4096);
    ValuePointer p = writer.append(text(200));
    assertThat(p).isEqualTo(new ValuePointer(2, 0, 212));
    assertThat(writer.hasSpace(4096 - 212)).isTrue();
    assertThat(writer.hasSpace(4096 - 211)).isFalse();
    ValueLogSet set = ValueLogSet.of(Map.of(2L, ByteSource.of(sink.toByteArray())));
    assertThat(set.readValue(p)).isEqualTo(Bytes.wrap(text(200)));
  }

  @Test
  void fileIdComesFromTheLastDigitRun() {
    assertThat(ValueLogSet.fileIdFromName("vlog_12.dat")).hasValue(12);
    assertThat(ValueLogSet.fileIdFromName("12.vlog")).hasValue(12);
    assertThat(ValueLogSet.fileIdFromName("vlog.dat")).isEmpty();
  }
}
