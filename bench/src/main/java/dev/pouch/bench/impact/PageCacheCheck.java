package dev.pouch.bench.impact;

import dev.pouch.agent.source.SourceEntry.Growth;
import dev.pouch.agent.throttle.PageCachePolicy;
import dev.pouch.agent.throttle.ReadReport;
import dev.pouch.agent.throttle.ReadSession;
import dev.pouch.agent.throttle.ReadThrottle;
import dev.pouch.agent.throttle.SourceReads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Does reading SSTables past the page cache help? Reads every SSTable of the store the way a backup's {@link
 * ReadSession} does, once per policy, starting cold (store dropped from the cache) and warm (store cached), and
 * reports the time, the bytes read with {@code O_DIRECT}, the store's cached bytes after ({@code fincore}) and the
 * change of {@code Cached} in {@code /proc/meminfo} (machine-wide, so other processes add noise).
 */
public final class PageCacheCheck {

  private PageCacheCheck() {}

  public static void main(String[] args) throws Exception {
    Path store = Path.of(args.length > 0 ? args[0] : "bench/results/impact-work/store");
    List<Path> ssts;
    try (Stream<Path> files = Files.list(store)) {
      ssts = files.filter(p -> p.getFileName().toString().endsWith(".sst")).sorted().toList();
    }
    StorePages pages = StorePages.of(store);
    List<String> rows = new ArrayList<>();
    for (boolean cold : new boolean[] {true, false}) {
      for (PageCachePolicy policy : PageCachePolicy.values()) {
        if (cold) {
          pages.evict();
        } else {
          readAll(ssts, PageCachePolicy.THROUGH_CACHE);
        }
        long cachedBefore = meminfoCached();
        OptionalLong storeBefore = pages.cachedBytes();
        long start = System.nanoTime();
        ReadReport r = readAll(ssts, policy);
        double seconds = (System.nanoTime() - start) / 1e9;
        long cachedDelta = meminfoCached() - cachedBefore;
        rows.add(String.format(Locale.ROOT,
            "| %s | %s | %.0f MiB | %.2f s | %.0f MiB/s | %.0f MiB | %s -> %s | %+.0f MiB |", cold ? "cold" : "warm",
            policy.name().toLowerCase(Locale.ROOT), r.bytesRead() / MIB, seconds, r.bytesRead() / MIB / seconds,
            r.bytesPastCache() / MIB, mib(storeBefore), mib(pages.cachedBytes()), cachedDelta / MIB));
      }
    }
    System.out.println("| store | policy | SST bytes read | time | rate | read with O_DIRECT | store cached before -> "
        + "after | /proc/meminfo Cached change |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
  }

  private static final double MIB = 1 << 20;

  private static ReadReport readAll(List<Path> files, PageCachePolicy policy) throws IOException {
    try (ReadSession session = SourceReads.of(ReadThrottle.unlimited(), policy).begin()) {
      for (Path f : files) {
        try (InputStream in = session.open(f, 0, Growth.IMMUTABLE)) {
          in.transferTo(OutputStream.nullOutputStream());
        }
      }
      session.close();
      return session.report();
    }
  }

  private static String mib(OptionalLong bytes) {
    return bytes.isPresent() ? String.format(Locale.ROOT, "%.0f MiB", bytes.getAsLong() / MIB) : "n/a";
  }

  /** {@code Cached:} of {@code /proc/meminfo}, in bytes. */
  private static long meminfoCached() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("Cached:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return 0;
  }
}
