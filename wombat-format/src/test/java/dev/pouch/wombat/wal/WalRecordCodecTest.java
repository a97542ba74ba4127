package dev.pouch.wombat.wal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.vlog.ValuePointer;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WalRecordCodecTest {

  @Test
  void encodesTheReferenceExample() {
    byte[] encoded = WalRecordCodec.encode(WalRecord.put(Bytes.ofUtf8("k1"), Bytes.ofUtf8("v1"), 1));
    assertThat(HexFormat.of().formatHex(encoded)).isEqualTo("02000000" + "02000000" + "0100000000000000" + "00"
        + "6b31" + "7631");
  }

  @Test
  void randomRecordsRoundTrip() {
    Random random = new Random(42);
    for (int i = 0; i < 500; i++) {
      WalRecord record = WalRecords.random(random);
      byte[] encoded = WalRecordCodec.encode(record);
      assertThat(encoded).hasSize((int) record.encodedSize());
      assertThat(WalRecordCodec.decode(encoded, 0, encoded.length)).isEqualTo(record);
    }
  }

  @Test
  void externalRecordCarriesThePointer() {
    ValuePointer pointer = new ValuePointer(3, 4096, 1_048_588);
    WalRecord record = WalRecord.external(Bytes.ofUtf8("big"), pointer, 9);
    assertThat(record.meta()).isEqualTo(WalMeta.EXTERNAL);
    assertThat(record.value().length()).isEqualTo(16);
    assertThat(record.pointer()).isEqualTo(pointer);
  }

  @Test
  void deleteHasMetaThreeAndNoValue() {
    WalRecord record = WalRecord.delete(Bytes.ofUtf8("k"), 5);
    assertThat(record.meta()).isEqualTo(0x03);
    assertThat(record.value().isEmpty()).isTrue();
    assertThat(record.isDeleted()).isTrue();
  }
}
