package dev.pouch.wombat.sst;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.bytes.LittleEndian;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Each validation rule of §2.4, violated once on an otherwise valid table. */
class SstValidatorTest {
  private static final int VALUE_LENGTH = 20;
  private static final int ENTRY = 16 + 12 + VALUE_LENGTH;

  private static byte[] table(boolean zlib) throws Exception {
    List<SstEntry> entries = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      byte[] value = new byte[VALUE_LENGTH];
      Arrays.fill(value, (byte) ('a' + i % 26));
      entries.add(new SstEntry(Bytes.ofUtf8(String.format("key-%08d", i)), Bytes.wrap(value), i + 1));
    }
    return SstTables.build(entries, SstTables.options(zlib, 1024));
  }

  private static SstCheck violation(boolean zlib, Consumer<byte[]> damage) throws Exception {
    byte[] t = table(zlib);
    damage.accept(t);
    SstValidation v = SstValidator.validate(ByteSource.of(t));
    assertThat(v.isValid()).isFalse();
    return v.problem().orElseThrow().check();
  }

  private static SstFooter footer(byte[] t) {
    return SstFooter.parse(t, t.length - 64);
  }

  @Test
  void untouchedTableIsValid() throws Exception {
    assertThat(SstValidator.validate(ByteSource.of(table(false))).isValid()).isTrue();
    assertThat(SstValidator.validate(ByteSource.of(table(true))).isValid()).isTrue();
  }

  @Test
  void tooShort() throws Exception {
    SstValidation v = SstValidator.validate(ByteSource.of(Arrays.copyOf(table(false), 127)));
    assertThat(v.problem().orElseThrow().check()).isEqualTo(SstCheck.SIZE);
  }

  @Test
  void footerFields() throws Exception {
    assertThat(violation(false, t -> t[t.length - 64] ^= 1)).isEqualTo(SstCheck.MAGIC);
    assertThat(violation(false, t -> LittleEndian.putU32(t, t.length - 60, 3))).isEqualTo(SstCheck.VERSION);
    assertThat(violation(false, t -> t[t.length - 4] = 1)).isEqualTo(SstCheck.RESERVED);
    assertThat(violation(false, t -> LittleEndian.putU32(t, t.length - 24, 2))).isEqualTo(SstCheck.COMPRESSION);
    assertThat(violation(false, t -> LittleEndian.putU32(t, t.length - 20, 7))).isEqualTo(SstCheck.LEVEL);
  }

  @Test
  void offsetOrder() throws Exception {
    assertThat(violation(false, t -> LittleEndian.putU64(t, t.length - 48, footer(t).filterIndexOffset())))
        .isEqualTo(SstCheck.OFFSET_ORDER);
    assertThat(violation(false, t -> LittleEndian.putU64(t, t.length - 56, t.length - 64)))
        .isEqualTo(SstCheck.OFFSET_ORDER);
  }

  @Test
  void sectionsMustFillTheirRanges() throws Exception {
    assertThat(violation(false, t -> {
      int at = (int) footer(t).bloomOffset();
      LittleEndian.putU64(t, at, LittleEndian.u64(t, at) + 64);
    })).isEqualTo(SstCheck.BLOOM_SECTION);
    assertThat(violation(false, t -> {
      int at = (int) footer(t).filterIndexOffset();
      LittleEndian.putU32(t, at, LittleEndian.u32(t, at) + 1);
    })).isEqualTo(SstCheck.FILTER_INDEX_SECTION);
    assertThat(violation(false, t -> {
      int at = (int) footer(t).blockIndexOffset();
      LittleEndian.putU32(t, at, LittleEndian.u32(t, at) + 1);
    })).isEqualTo(SstCheck.BLOCK_INDEX_SECTION);
    assertThat(violation(false, t -> {
      int at = (int) footer(t).indexOffset();
      LittleEndian.putU32(t, at, LittleEndian.u32(t, at) + 1);
    })).isEqualTo(SstCheck.MAIN_INDEX_SECTION);
  }

  @Test
  void blocksMustTileTheDataRegion() throws Exception {
    assertThat(violation(false, t -> LittleEndian.putU32(t, (int) footer(t).indexOffset() + 4, 1)))
        .isEqualTo(SstCheck.BLOCK_TILING);
  }

  @Test
  void blockIndexMustDescribeTheBlocks() throws Exception {
    assertThat(violation(false, t -> t[(int) footer(t).blockIndexOffset() + 8] ^= 1))
        .isEqualTo(SstCheck.INDEX_CONSISTENCY);
  }

  @Test
  void blockContentMustInflateAndParse() throws Exception {
    assertThat(violation(false, t -> LittleEndian.putU32(t, 0, 13))).isEqualTo(SstCheck.BLOCK_CONTENT);
    assertThat(violation(true, t -> LittleEndian.putU32(t, 0, LittleEndian.u32(t, 0) + 1)))
        .isEqualTo(SstCheck.BLOCK_CONTENT);
    assertThat(violation(true, t -> t[12] ^= 0x55)).isEqualTo(SstCheck.BLOCK_CONTENT);
  }

  @Test
  void keysMustIncrease() throws Exception {
    assertThat(violation(false, t -> {
      byte[] first = Arrays.copyOfRange(t, 16, 28);
      System.arraycopy(t, ENTRY + 16, t, 16, 12);
      System.arraycopy(first, 0, t, ENTRY + 16, 12);
    })).isEqualTo(SstCheck.KEY_ORDER);
  }

  @Test
  void keysMustIncreaseAcrossBlocks() throws Exception {
    // Block 1's first key becomes block 0's first: in order within block 1, not after block 0's last key.
    assertThat(violation(false, t -> {
      try {
        int second = (int) SstStructure.parse(ByteSource.of(t)).structure().orElseThrow().blocks.get(1).offset();
        System.arraycopy(t, 16, t, second + 16, 12);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    })).isEqualTo(SstCheck.KEY_ORDER);
  }

  @Test
  void blockChecksumMustMatch() throws Exception {
    assertThat(violation(false, t -> t[16 + 12 + 3] ^= 1)).isEqualTo(SstCheck.BLOCK_CHECKSUM);
  }

  @Test
  void readerRefusesAStructurallyBrokenTable() throws Exception {
    byte[] t = table(true);
    t[t.length - 64] ^= 1;
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SstReader.open(ByteSource.of(t)))
        .isInstanceOf(SstFormatException.class);
  }
}
