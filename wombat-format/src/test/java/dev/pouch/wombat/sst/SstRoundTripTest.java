package dev.pouch.wombat.sst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.bytes.MemoryByteSink;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SstRoundTripTest {

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void entriesRoundTripAndValidate(boolean zlib) throws Exception {
    List<SstEntry> entries = SstTables.entries(2_000, 300, 5);
    byte[] table = SstTables.build(entries, SstTables.options(zlib, 4096));
    assertThat(SstReader.readAll(ByteSource.of(table))).isEqualTo(entries);
    SstValidation validation = SstValidator.validate(ByteSource.of(table));
    assertThat(validation.problem()).isEmpty();
    assertThat(validation.entryCount()).isEqualTo(2_000);
    assertThat(validation.blockCount()).isGreaterThan(30);
    assertThat(validation.smallestKey()).contains(entries.get(0).key());
    assertThat(validation.largestKey()).contains(entries.get(entries.size() - 1).key());
    SstFooter footer = validation.footer().orElseThrow();
    assertThat(footer.compression()).isEqualTo(zlib ? 1 : 0);
    assertThat(footer.checksumType()).isEqualTo(1);
    assertThat(footer.encryption()).isZero();
    assertThat(footer.cachePolicy()).isEqualTo(1);
    assertThat(footer.prefetch()).isEqualTo(1);
  }

  @Test
  void rewritingTheReadEntriesGivesTheSameBytes() throws Exception {
    byte[] table = SstTables.build(SstTables.entries(700, 200, 9), SstTables.options(true, 1024));
    byte[] again = SstTables.build(SstReader.readAll(ByteSource.of(table)), SstTables.options(true, 1024));
    assertThat(again).isEqualTo(table);
  }

  @Test
  void manyBlocksGetMultiLevelBlockIndex() throws Exception {
    List<SstEntry> entries = SstTables.entries(5_000, 60, 1);
    byte[] table = SstTables.build(entries, SstTables.options(false, 256));
    SstValidation validation = SstValidator.validate(ByteSource.of(table));
    assertThat(validation.isValid()).isTrue();
    assertThat(validation.blockCount()).isGreaterThan(1_000);
    assertThat(SstReader.readAll(ByteSource.of(table))).isEqualTo(entries);
  }

  @Test
  void emptyTableIsValid() throws Exception {
    byte[] table = SstTables.build(List.of(), SstTables.options(true, 4096));
    SstValidation validation = SstValidator.validate(ByteSource.of(table));
    assertThat(validation.isValid()).isTrue();
    assertThat(validation.footer().orElseThrow().bloomOffset()).isZero();
    assertThat(validation.entryCount()).isZero();
  }

  @Test
  void singleEntryBlocksHaveOneMainIndexEntry() throws Exception {
    List<SstEntry> entries = SstTables.entries(3, 100, 2);
    byte[] table = SstTables.build(entries, SstTables.options(false, 8));
    assertThat(SstValidator.validate(ByteSource.of(table)).blockCount()).isEqualTo(3);
    SstFooter footer = SstFooter.parse(table, table.length - 64);
    assertThat(dev.pouch.wombat.bytes.LittleEndian.u32(table, (int) footer.indexOffset())).isEqualTo(3);
  }

  @Test
  void writerRejectsEmptyAndUnorderedKeys() throws Exception {
    SstWriter writer = new SstWriter(new MemoryByteSink(), SstTables.options(true, 4096));
    assertThat(writer.accepts(Bytes.empty())).isFalse();
    writer.add(Bytes.ofUtf8("b"), Bytes.ofUtf8("1"), 1);
    assertThat(writer.accepts(Bytes.ofUtf8("b"))).isFalse();
    assertThatThrownBy(() -> writer.add(Bytes.ofUtf8("a"), Bytes.ofUtf8("1"), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bloomSizingMatchesWombat() {
    BloomFilter main = BloomFilter.forExpectedItems(10_000, 0.01);
    assertThat(main.bitCount()).isEqualTo(95_850);
    assertThat(main.hashCount()).isEqualTo(7);
    BloomFilter partition = BloomFilter.forExpectedItems(1_000, 0.01);
    assertThat(partition.bitCount()).isEqualTo(9_585);
    assertThat(partition.hashCount()).isEqualTo(7);
  }

  @Test
  void bloomHasNoFalseNegatives() {
    BloomFilter bloom = BloomFilter.forExpectedItems(1_000, 0.01);
    for (int i = 0; i < 1_000; i++) {
      bloom.add(Bytes.ofUtf8("k" + i));
    }
    for (int i = 0; i < 1_000; i++) {
      assertThat(bloom.mightContain(Bytes.ofUtf8("k" + i))).isTrue();
    }
    long falsePositives = java.util.stream.IntStream.range(0, 10_000)
        .filter(i -> bloom.mightContain(Bytes.ofUtf8("absent" + i))).count();
    assertThat(falsePositives).isLessThan(300);
  }
}
