package dev.pouch.wombat.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.bytes.MemoryByteSink;
import dev.pouch.wombat.vlog.ValuePointerResolver;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WalWriterTest {

  @Test
  void preallocatesAndDoublesWhenARecordDoesNotFit() throws Exception {
    MemoryByteSink sink = new MemoryByteSink();
    WalWriter writer = WalWriter.create(sink, 64, true);
    assertThat(sink.length()).isEqualTo(64);
    writer.append(WalRecord.put(Bytes.ofUtf8("key"), Bytes.wrap(new byte[30]), 1));
    assertThat(writer.fileSize()).isEqualTo(64);
    writer.append(WalRecord.put(Bytes.ofUtf8("key"), Bytes.wrap(new byte[30]), 2));
    assertThat(writer.fileSize()).isEqualTo(128);
    assertThat(sink.length()).isEqualTo(128);
    assertThat(writer.writeOffset()).isEqualTo(100);
  }

  @Test
  void recordLargerThanTwiceTheFileFailsAfterDoubling() throws Exception {
    MemoryByteSink sink = new MemoryByteSink();
    WalWriter writer = WalWriter.create(sink, 32, false);
    assertThatThrownBy(() -> writer.append(WalRecord.put(Bytes.ofUtf8("k"), Bytes.wrap(new byte[100]), 1)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(sink.length()).isEqualTo(64);
  }

  @Test
  void zeroRecordsAdvanceAndDoubleOncePerRecord() throws Exception {
    MemoryByteSink sink = new MemoryByteSink();
    WalWriter writer = WalWriter.create(sink, 100, false);
    writer.appendZeroRecords(5);
    assertThat(writer.writeOffset()).isEqualTo(85);
    assertThat(writer.fileSize()).isEqualTo(100);
    writer.appendZeroRecords(1);
    assertThat(writer.writeOffset()).isEqualTo(102);
    assertThat(writer.fileSize()).isEqualTo(200);
    writer.appendZeroRecords(20);
    assertThat(writer.writeOffset()).isEqualTo(102 + 340);
    assertThat(writer.fileSize()).isEqualTo(800);
  }

  @Test
  void writtenSegmentReadsBackByteIdentically() throws Exception {
    Random random = new Random(11);
    List<WalRecord> records = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      records.add(WalRecords.random(random));
    }
    byte[] segment = WalRecords.segment(records, 512);
    List<WalRecord> read = new ArrayList<>();
    WalScan scan = WalScanner.scan(ByteSource.of(segment), 0, WalScanOptions.of(ValuePointerResolver.acceptAll()),
        (offset, r) -> read.add(r));
    ByteArrayOutputStream reencoded = new ByteArrayOutputStream();
    for (WalRecord r : read) {
      reencoded.write(WalRecordCodec.encode(r));
    }
    assertThat(reencoded.toByteArray()).isEqualTo(Arrays.copyOf(segment, (int) scan.end()));
    assertThat(segment.length % 512).isZero();
    assertThat(Integer.bitCount(segment.length / 512)).isEqualTo(1);
  }

  @Test
  void headerOnlyWriteLooksLikeATornRecord() throws Exception {
    MemoryByteSink sink = new MemoryByteSink();
    WalWriter writer = WalWriter.create(sink, 256, true);
    writer.append(WalRecord.put(Bytes.ofUtf8("a"), Bytes.ofUtf8("1"), 1));
    writer.appendHeaderOnly(WalRecord.put(Bytes.ofUtf8("b"), Bytes.ofUtf8("2"), 2));
    WalScan scan = WalScanner.scan(sink.toSource(), WalScanOptions.of(ValuePointerResolver.acceptAll()));
    assertThat(scan.end()).isEqualTo(38);
    assertThat(scan.lastRecordMayBeTorn()).isTrue();
    assertThat(scan.settledEnd()).isEqualTo(19);
  }
}
