package dev.pouch.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.simulator.Mix;
import dev.pouch.wombat.simulator.WombatSimulator;
import dev.pouch.wombat.sst.SstFooter;
import dev.pouch.wombat.sst.SstValidation;
import dev.pouch.wombat.sst.SstValidator;
import dev.pouch.wombat.sst.StreamingSstValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The background checks see each table's bytes in read order, from copies, and agree with the whole-file check. */
class BackgroundBlockChecksTest {

  @TempDir Path tmp;

  @Test
  void checksCopiesInReadOrderAndAgreesWithTheWholeFileValidator() throws Exception {
    Path data = tmp.resolve("data");
    WombatSimulator.generate(data, 4L << 20, Mix.SST_HEAVY, 12);
    List<Path> tables;
    try (Stream<Path> files = Files.list(data)) {
      tables = files.filter(p -> p.getFileName().toString().endsWith(".sst")).sorted().toList();
    }
    assertThat(tables).hasSizeGreaterThanOrEqualTo(2);
    byte[] damaged = Files.readAllBytes(tables.get(1));
    long blocksEnd = SstFooter.parse(damaged, damaged.length - SstFooter.SIZE).bloomOffset();
    damaged[(int) (blocksEnd / 3)] ^= 0x04;
    Files.write(tables.get(1), damaged);

    BackgroundBlockChecks checking = new BackgroundBlockChecks();
    Map<Path, SstValidation> results = new ConcurrentHashMap<>();
    // A reader's buffer, reused for every read of every table; one read larger than a piece of the checks.
    byte[] buffer = new byte[BackgroundBlockChecks.PIECE_BYTES + 7919];
    for (Path table : tables) {
      byte[] bytes = Files.readAllBytes(table);
      StreamingSstValidator validator = StreamingSstValidator.open(ByteSource.of(bytes)).validator().orElseThrow();
      for (int at = 0; at < bytes.length; at += buffer.length) {
        int n = Math.min(buffer.length, bytes.length - at);
        System.arraycopy(bytes, at, buffer, 0, n);
        checking.accept(validator, buffer, 0, n);
        Arrays.fill(buffer, (byte) 0x5a); // overwritten at once: the checks must work on their own copy
      }
      checking.finish(validator, result -> results.put(table, result));
    }
    checking.drain();

    assertThat(results).hasSize(tables.size());
    for (Path table : tables) {
      SstValidation whole = SstValidator.validate(ByteSource.of(Files.readAllBytes(table)));
      assertThat(results.get(table)).as(table.getFileName().toString()).isEqualTo(whole);
    }
    assertThat(results.get(tables.get(1)).isValid()).isFalse();
    assertThat(results.get(tables.get(0)).isValid()).isTrue();
  }
}
