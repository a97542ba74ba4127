package dev.pouch.bench.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WombatDataSetTest {

  private static final DataSetSpec SMALL = new DataSetSpec(8L << 20, Mix.MIXED, 7, 512 * 1024, 1 << 20, 2L << 20);

  @TempDir Path tmp;

  @Test
  void writesEveryKindOfFileInTheMix() throws IOException {
    WombatDataSet.Generated g = WombatDataSet.generate(tmp.resolve("d"), SMALL);

    assertThat(g.tables()).isEqualTo(10); // 60% of 8 MiB in 512 KiB tables
    assertThat(g.valueLogs()).isEqualTo(2);
    assertThat(g.wals()).isEqualTo(1);
    assertThat(g.bytes()).isBetween(7L << 20, 9L << 20);
    assertThat(tmp.resolve("d/MANIFEST")).content().hasLineCount(10).contains("\"type\":\"add_table\"");
    assertThat(tmp.resolve("d/config")).exists();
    byte[] sst = Files.readAllBytes(tmp.resolve("d/3.sst"));
    byte[] footer = Arrays.copyOfRange(sst, sst.length - 64, sst.length - 56);
    assertThat(footer).containsExactly(0xBE, 0xBA, 0xFE, 0xCA, 2, 0, 0, 0);
  }

  @Test
  void isDeterministicForASeed() throws IOException {
    WombatDataSet.generate(tmp.resolve("a"), SMALL);
    WombatDataSet.generate(tmp.resolve("b"), SMALL);

    for (String name : List.of("1.sst", "vlog_2.dat", "wal_1.log", "MANIFEST")) {
      assertThat(tmp.resolve("a").resolve(name)).hasSameBinaryContentAs(tmp.resolve("b").resolve(name));
    }
  }

  @Test
  void recordsAreAboutTwiceCompressibleWithZstd3() throws IOException {
    WombatDataSet.generate(tmp.resolve("d"), SMALL);

    for (String name : List.of("1.sst", "vlog_1.dat")) {
      byte[] raw = Files.readAllBytes(tmp.resolve("d").resolve(name));
      double ratio = (double) raw.length / Zstd.compress(raw, 3).length;
      assertThat(ratio).as(name).isBetween(1.7, 2.4);
    }
  }

  @Test
  void newestWalHasAZeroTail() throws IOException {
    WombatDataSet.generate(tmp.resolve("d"), SMALL);

    byte[] wal = Files.readAllBytes(tmp.resolve("d/wal_1.log"));
    ByteBuffer b = ByteBuffer.wrap(wal).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.getInt(0)).isEqualTo(18); // key_len of the first record: "w:" and 16 digits
    assertThat(Arrays.copyOfRange(wal, wal.length - 4096, wal.length)).containsOnly(0);
  }

  @Test
  void valueLogRecordsCarryTheirChecksum() throws IOException {
    WombatDataSet.generate(tmp.resolve("d"), SMALL);

    byte[] vlog = Files.readAllBytes(tmp.resolve("d/vlog_1.dat"));
    ByteBuffer b = ByteBuffer.wrap(vlog).order(ByteOrder.LITTLE_ENDIAN);
    int length = b.getInt(0);
    assertThat(b.getLong(4)).isEqualTo(WombatDataSet.fnv1a64(Arrays.copyOfRange(vlog, 12, 12 + length), length));
  }
}
