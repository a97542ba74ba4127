package dev.pouch.wombat.wal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.bytes.LittleEndian;
import dev.pouch.wombat.vlog.PointerCheck;
import dev.pouch.wombat.vlog.ValuePointer;
import dev.pouch.wombat.vlog.ValuePointerResolver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WalScannerTest {
  private static final WalScanOptions ACCEPT = WalScanOptions.of(ValuePointerResolver.acceptAll());

  private static WalRecord put(String key, String value, long ts) {
    return WalRecord.put(Bytes.ofUtf8(key), Bytes.ofUtf8(value), ts);
  }

  @Test
  void endsAtZeroTailAfterLastRecord() throws Exception {
    byte[] segment = WalRecords.segment(List.of(put("a", "1", 1), put("bb", "22", 2)), 4096);
    WalScan scan = WalScanner.scan(ByteSource.of(segment), ACCEPT);
    assertThat(scan.end()).isEqualTo(19 + 21);
    assertThat(scan.recordCount()).isEqualTo(2);
    assertThat(scan.lastRecordStart()).isEqualTo(19);
    assertThat(scan.stopReason()).isEqualTo(WalStopReason.ZERO_HEADER);
    assertThat(scan.tail()).isEqualTo(TailState.ALL_ZERO);
    assertThat(scan.hasDataBeyondEnd()).isFalse();
  }

  @Test
  void emptyFileEndsAtZero() throws Exception {
    WalScan scan = WalScanner.scan(ByteSource.of(new byte[0]), ACCEPT);
    assertThat(scan.end()).isZero();
    assertThat(scan.stopReason()).isEqualTo(WalStopReason.END_OF_FILE);
  }

  @Test
  void exactlyFullFileEndsAtEndOfFile() throws Exception {
    byte[] segment = WalRecords.segment(List.of(put("a", "1", 1)), 19);
    segment = Arrays.copyOf(segment, 19);
    WalScan scan = WalScanner.scan(ByteSource.of(segment), ACCEPT);
    assertThat(scan.end()).isEqualTo(19);
    assertThat(scan.stopReason()).isEqualTo(WalStopReason.END_OF_FILE);
  }

  @Test
  void visitorSeesRecordsInOrder() throws Exception {
    Random random = new Random(3);
    List<WalRecord> records = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      records.add(WalRecords.random(random));
    }
    byte[] segment = WalRecords.segment(records, 1 << 16);
    List<WalRecord> seen = new ArrayList<>();
    WalScan scan = WalScanner.scan(ByteSource.of(segment), 0, ACCEPT, (offset, r) -> seen.add(r));
    assertThat(seen).isEqualTo(records);
    assertThat(scan.recordCount()).isEqualTo(200);
    assertThat(scan.emptyKeyRecords()).isEqualTo(records.stream().filter(r -> r.key().isEmpty()).count());
  }

  @Test
  void emptyKeyWithNonZeroHeaderIsLegalAndFlagged() throws Exception {
    byte[] segment = WalRecords.segment(List.of(new WalRecord(Bytes.empty(), Bytes.empty(), 0, WalMeta.DELETED),
        put("k", "v", 1)), 4096);
    WalScan scan = WalScanner.scan(ByteSource.of(segment), ACCEPT);
    assertThat(scan.recordCount()).isEqualTo(2);
    assertThat(scan.emptyKeyRecords()).isEqualTo(1);
  }

  private static byte[] withBadSecondRecord(java.util.function.Consumer<byte[]> damage) throws Exception {
    byte[] segment = WalRecords.segment(List.of(put("a", "1", 1), put("key", "value", 2)), 4096);
    damage.accept(segment);
    return segment;
  }

  private static WalScan scanBad(java.util.function.Consumer<byte[]> damage) throws Exception {
    return WalScanner.scan(ByteSource.of(withBadSecondRecord(damage)), ACCEPT);
  }

  @Test
  void eachEndOfLogRuleStopsAtThePreviousBoundary() throws Exception {
    int second = 19;
    assertThat(scanBad(b -> LittleEndian.putU32(b, second, (1 << 20) + 1)).stopReason())
        .isEqualTo(WalStopReason.KEY_TOO_LONG);
    assertThat(scanBad(b -> LittleEndian.putU32(b, second + 4, (1L << 30) + 1)).stopReason())
        .isEqualTo(WalStopReason.VALUE_TOO_LONG);
    assertThat(scanBad(b -> LittleEndian.putU32(b, second + 4, 5000)).stopReason())
        .isEqualTo(WalStopReason.RECORD_PAST_END);
    assertThat(scanBad(b -> b[second + 16] = 0x04).stopReason()).isEqualTo(WalStopReason.UNKNOWN_META_BITS);
    assertThat(scanBad(b -> b[second + 16] = 0x08).stopReason()).isEqualTo(WalStopReason.BAD_POINTER_LENGTH);
    assertThat(scanBad(b -> b[second + 16] = 0x01).stopReason()).isEqualTo(WalStopReason.DELETE_WITH_VALUE);
    WalScan scan = scanBad(b -> b[second + 16] = 0x10);
    assertThat(scan.end()).isEqualTo(second);
    assertThat(scan.recordCount()).isEqualTo(1);
    assertThat(scan.tail()).isEqualTo(TailState.NON_ZERO);
  }

  @Test
  void unresolvedPointerEndsTheLog() throws Exception {
    ValuePointer good = new ValuePointer(1, 0, 100);
    ValuePointer bad = new ValuePointer(1, 100, 100);
    byte[] segment = WalRecords.segment(List.of(WalRecord.external(Bytes.ofUtf8("a"), good, 1),
        WalRecord.external(Bytes.ofUtf8("b"), bad, 2)), 4096);
    ValuePointerResolver resolver = p -> p.equals(good) ? PointerCheck.VALID : PointerCheck.PAST_END;
    WalScan scan = WalScanner.scan(ByteSource.of(segment), WalScanOptions.of(resolver));
    assertThat(scan.recordCount()).isEqualTo(1);
    assertThat(scan.stopReason()).isEqualTo(WalStopReason.UNRESOLVED_POINTER);
    assertThat(scan.stopPointerCheck()).contains(PointerCheck.PAST_END);
  }

  @Test
  void zeroHoleFollowedByDataIsReported() throws Exception {
    byte[] first = WalRecords.segment(List.of(put("a", "1", 1)), 19);
    byte[] segment = new byte[4096];
    System.arraycopy(first, 0, segment, 0, 19);
    byte[] later = WalRecordCodec.encode(put("b", "2", 2));
    System.arraycopy(later, 0, segment, 19 + 100, later.length);
    WalScan scan = WalScanner.scan(ByteSource.of(segment), ACCEPT);
    assertThat(scan.end()).isEqualTo(19);
    assertThat(scan.stopReason()).isEqualTo(WalStopReason.ZERO_HEADER);
    assertThat(scan.hasDataBeyondEnd()).isTrue();
    assertThat(scan.firstNonZeroAfterEnd()).isEqualTo(119);
  }

  @Test
  void paddingPolicySkipsZeroRecordsOnTheGrid() throws Exception {
    List<WalRecord> records = List.of(put("a", "1", 1), new WalRecord(Bytes.ofUtf8("k"), Bytes.empty(), 0,
        WalMeta.DELETED), put("c", "3", 3));
    byte[] segment = new byte[8192];
    int at = 17 * 50;
    List<Long> starts = new ArrayList<>();
    for (WalRecord r : records) {
      byte[] e = WalRecordCodec.encode(r);
      System.arraycopy(e, 0, segment, at, e.length);
      starts.add((long) at);
      at += e.length + 17 * 7;
    }
    List<Long> seen = new ArrayList<>();
    WalScan scan = WalScanner.scan(ByteSource.of(segment), 0,
        ACCEPT.withZeroHeaders(ZeroHeaderPolicy.SKIP_AS_PADDING), (offset, r) -> seen.add(offset));
    assertThat(seen).isEqualTo(starts);
    assertThat(scan.end()).isEqualTo(starts.get(2) + 19);
    assertThat(scan.paddingRecords()).isGreaterThan(50);
    assertThat(scan.tail()).isEqualTo(TailState.ALL_ZERO);

    WalScan strict = WalScanner.scan(ByteSource.of(segment), ACCEPT);
    assertThat(strict.end()).isZero();
    assertThat(strict.hasDataBeyondEnd()).isTrue();
  }

  @Test
  void incrementalScanContinuesFromAnEarlierEnd() throws Exception {
    byte[] segment = WalRecords.segment(List.of(put("a", "1", 1), put("b", "2", 2), put("c", "3", 3)), 4096);
    WalScan first = WalScanner.scan(ByteSource.of(segment).prefix(40), ACCEPT);
    assertThat(first.end()).isEqualTo(38);
    WalScan rest = WalScanner.scan(ByteSource.of(segment), first.end(), ACCEPT, null);
    assertThat(rest.recordCount()).isEqualTo(1);
    assertThat(rest.end()).isEqualTo(57);
  }

  /**
   * Property: for random record sequences, cutting the file at every byte offset of the last record leaves the
   * validated end at the previous record boundary; zero-filling the last record from every offset on does too, or
   * else what is left parses as one record that starts at that boundary and is flagged as possibly torn.
   */
  @Test
  void tornLastRecordEndsAtPreviousBoundaryAtEveryOffset() throws Exception {
    Random random = new Random(20_251_125L);
    int cases = 0;
    for (int round = 0; round < 300; round++) {
      List<WalRecord> records = new ArrayList<>();
      int n = 1 + random.nextInt(8);
      for (int i = 0; i < n; i++) {
        records.add(WalRecords.random(random));
      }
      byte[] full = WalRecords.concatenated(records);
      long end = full.length;
      long previous = end - records.get(n - 1).encodedSize();
      for (int k = (int) previous; k < end; k++) {
        WalScan truncated = WalScanner.scan(ByteSource.of(Arrays.copyOf(full, k)), ACCEPT);
        assertThat(truncated.end()).as("round %d cut at %d", round, k).isEqualTo(previous);
        assertThat(truncated.recordCount()).isEqualTo(n - 1);

        byte[] zeroFilled = Arrays.copyOf(full, full.length + 64);
        Arrays.fill(zeroFilled, k, (int) end, (byte) 0);
        WalScan torn = WalScanner.scan(ByteSource.of(zeroFilled), ACCEPT);
        if (torn.end() != previous) {
          // The zeroed bytes still parse as a record: it must start at the boundary and be flagged as torn.
          assertThat(torn.lastRecordStart()).as("round %d zero from %d", round, k).isEqualTo(previous);
          assertThat(torn.lastRecordMayBeTorn()).as("round %d zero from %d", round, k).isTrue();
          assertThat(torn.settledEnd()).isEqualTo(previous);
        }
        assertThat(torn.recordCount()).isIn((long) n - 1, (long) n);
        cases += 2;
      }
      WalScan whole = WalScanner.scan(ByteSource.of(Arrays.copyOf(full, full.length + 64)), ACCEPT);
      assertThat(whole.end()).isEqualTo(end);
      assertThat(whole.recordCount()).isEqualTo(n);
    }
    assertThat(cases).isGreaterThan(10_000);
  }

  @Test
  void completeRecordEndingInNonZeroByteIsSettled() throws Exception {
    byte[] segment = WalRecords.segment(List.of(put("a", "1", 1), put("b", "2", 2)), 4096);
    WalScan scan = WalScanner.scan(ByteSource.of(segment), ACCEPT);
    assertThat(scan.lastRecordMayBeTorn()).isFalse();
    assertThat(scan.settledEnd()).isEqualTo(scan.end());
  }
}
