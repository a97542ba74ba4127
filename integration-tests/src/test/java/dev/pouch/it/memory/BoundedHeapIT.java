package dev.pouch.it.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup's heap does not grow with the data: the CLI backs up a 1 GiB directory with a 256 MiB heap (and dies
 * at once if it runs out), then backs the unchanged tree up again, which must store less than 1 MiB.
 */
class BoundedHeapIT {

  @TempDir Path tmp;

  private JsonNode pouch(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-jar", System.getProperty("pouch.jar")));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(tmp.resolve("stderr.log").toFile());
    pb.environment().put("POUCH_PASSWORD", "heap-test");
    pb.environment().put("POUCH_REPOSITORY", tmp.resolve("repo").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as("pouch %s: %s %s", String.join(" ", args), out,
        Files.readString(tmp.resolve("stderr.log"))).isZero();
    return List.of(args).contains("--json") ? new ObjectMapper().readTree(out) : null;
  }

  /** Half incompressible, half compressible key/value text, in files of 64 MiB. */
  private static void generate(Path dir, long bytes) throws IOException {
    Files.createDirectories(dir);
    SplittableRandom random = new SplittableRandom(1);
    byte[] block = new byte[1 << 20];
    long fileBytes = 64L << 20;
    for (int f = 0; f * fileBytes < bytes; f++) {
      try (OutputStream out = Files.newOutputStream(dir.resolve((f + 1) + ".sst"))) {
        for (long done = 0; done < fileBytes; done += block.length) {
          if ((done / block.length) % 2 == 0) {
            random.nextBytes(block);
          } else {
            byte[] line = ("key-" + random.nextInt(1_000_000) + "=value-" + random.nextInt(100) + ";").getBytes();
            for (int i = 0; i < block.length; i++) {
              block[i] = line[i % line.length];
            }
          }
          out.write(block);
        }
      }
    }
  }

  @Test
  void oneGibibyteBacksUpInA256MibHeapAndTheUnchangedRerunStoresAlmostNothing() throws Exception {
    Path source = tmp.resolve("src");
    generate(source, 1L << 30);
    pouch("init", "--insecure-fast-kdf");
    JsonNode first = pouch("backup", "--json", "--source-format", "plain", source.toString());
    assertThat(first.get("summary").get("bytesRead").asLong()).isEqualTo(1L << 30);
    JsonNode second = pouch("backup", "--json", "--source-format", "plain", source.toString());
    assertThat(second.get("summary").get("bytesStored").asLong()).isLessThan(1L << 20);
    assertThat(second.get("summary").get("bytesRead").asLong()).isZero();
  }
}
