package dev.pouch.it.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where test servers keep data and logs: under the build's {@code target/it-work}, never the working directory. */
final class WorkDirectories {

  private WorkDirectories() {}

  static Path root() {
    return Path.of(System.getProperty("pouch.it.work.dir", "target/it-work")).toAbsolutePath();
  }

  /** A new, empty directory {@code root/<name>-<n>}. */
  static Path fresh(String name) throws IOException {
    Files.createDirectories(root());
    return Files.createTempDirectory(root(), name + "-");
  }

  static Path logFile(String name) throws IOException {
    Path logs = root().resolve("logs");
    Files.createDirectories(logs);
    return Files.createTempFile(logs, name + "-", ".log");
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
