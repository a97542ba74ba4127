package dev.pouch.wombat.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Copies of files and directories as a crash or a torn copy would leave them. For the other crash model, a run that
 * stops after exactly k bytes written, see {@link SimulatorConfig#crashAfterBytes()}.
 */
public final class CrashImages {
  private CrashImages() {}

  /** Copies the first {@code length} bytes of {@code source} to {@code target} (a file cut at byte {@code length}). */
  public static void truncatedCopy(Path source, Path target, long length) throws IOException {
    try (InputStream in = Files.newInputStream(source); OutputStream out = Files.newOutputStream(target)) {
      byte[] buffer = new byte[1 << 16];
      long remaining = length;
      while (remaining > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (n < 0) {
          throw new IOException("source is shorter than " + length + " bytes");
        }
        out.write(buffer, 0, n);
        remaining -= n;
      }
    }
  }

  /** Copies the regular files of {@code source} (not recursively) into {@code target}, creating it. */
  public static List<Path> copyDirectory(Path source, Path target) throws IOException {
    Files.createDirectories(target);
    try (var entries = Files.list(source)) {
      List<Path> copied = new java.util.ArrayList<>();
      for (Path p : entries.filter(Files::isRegularFile).sorted().toList()) {
        Path dst = target.resolve(p.getFileName().toString());
        Files.copy(p, dst);
        copied.add(dst);
      }
      return copied;
    }
  }
}
