package dev.pouch.bench.impact;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The store's pages in the page cache: dropped with GNU {@code dd iflag=nocache} (which calls {@code
 * posix_fadvise(DONTNEED)} on a file's clean pages), counted with util-linux {@code fincore}.
 */
final class StorePages {

  private final List<Path> files;

  private StorePages(List<Path> files) {
    this.files = files;
  }

  static StorePages of(Path store) throws IOException {
    try (Stream<Path> all = Files.walk(store)) {
      return new StorePages(all.filter(Files::isRegularFile).sorted().toList());
    }
  }

  long totalBytes() throws IOException {
    long total = 0;
    for (Path f : files) {
      total += Files.size(f);
    }
    return total;
  }

  /** Drops the store's clean pages from the page cache. */
  void evict() throws IOException, InterruptedException {
    for (Path f : files) {
      run(List.of("dd", "if=" + f, "iflag=nocache", "count=0", "status=none"));
    }
  }

  /** Bytes of the store in the page cache; empty when {@code fincore} is missing. */
  OptionalLong cachedBytes() throws IOException, InterruptedException {
    long total = 0;
    for (int from = 0; from < files.size(); from += 200) {
      List<String> command = new ArrayList<>(List.of("fincore", "--bytes", "--noheadings", "--output", "RES"));
      files.subList(from, Math.min(files.size(), from + 200)).forEach(f -> command.add(f.toString()));
      String out;
      try {
        out = run(command);
      } catch (IOException e) {
        return OptionalLong.empty();
      }
      for (String line : out.split("\n")) {
        if (!line.isBlank()) {
          total += Long.parseLong(line.trim());
        }
      }
    }
    return OptionalLong.of(total);
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command.subList(0, 1)) + " failed: " + out.strip());
    }
    return out;
  }
}
