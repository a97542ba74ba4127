package dev.pouch.agent.throttle;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The source-side limits an operator chooses ({@code backup --limit-read/--adaptive/--priority}, {@code limits:} of
 * {@code pouch.yaml}), turned into {@link SourceReads} for one backup.
 *
 * @param readBytesPerSecond the read limit, or {@link ReadThrottle#UNLIMITED}; with {@code adaptive} the ceiling
 * @param adaptive whether the limit follows the database's pressure ({@link AdaptiveController})
 * @param priority whether the process lowers its CPU and I/O priority ({@link ProcessPriority})
 * @param cache how reads treat the page cache
 */
public record ReadLimits(long readBytesPerSecond, boolean adaptive, Priority priority, PageCachePolicy cache) {

  /** CPU and I/O priority of the process. */
  public enum Priority {
    /** nice 10 and the idle I/O class, where the platform allows. */
    LOW,
    /** {@code SCHED_IDLE} and the idle I/O class: runs only on CPU time nothing else wants (see ProcessPriority). */
    IDLE,
    /** Unchanged. */
    NORMAL;

    /** {@code low}, {@code idle} or {@code normal}. */
    public static Priority parse(String text) {
      return switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "low" -> LOW;
        case "idle" -> IDLE;
        case "normal" -> NORMAL;
        default -> throw new IllegalArgumentException("priority must be low, idle or normal, not '" + text + "'");
      };
    }

    /** Applies this priority to the process; empty for {@link #NORMAL}, else what was done, for one log line. */
    public Optional<String> apply(ProcessPriority process) {
      return switch (this) {
        case LOW -> Optional.of(process.lower().description());
        case IDLE -> Optional.of(process.idle().description());
        case NORMAL -> Optional.empty();
      };
    }
  }

  public ReadLimits {
    if (readBytesPerSecond < 0) {
      throw new IllegalArgumentException("a read limit cannot be negative");
    }
  }

  /**
   * {@code pouch backup} without options: no limit, normal priority, sparing the page cache.
   */
  public static ReadLimits backupDefaults() {
    return new ReadLimits(ReadThrottle.UNLIMITED, false, Priority.NORMAL, PageCachePolicy.SPARE_CACHE);
  }

  /** {@code pouch run} without {@code limits:} options: as {@link #backupDefaults()}, at low priority. */
  public static ReadLimits sidecarDefaults() {
    return new ReadLimits(ReadThrottle.UNLIMITED, false, Priority.LOW, PageCachePolicy.SPARE_CACHE);
  }

  /**
   * The reads of one backup of {@code source}: a throttle at the limit (adaptive within {@link
   * AdaptiveSettings#defaults}), ticking on {@code ticker} and reporting to {@code observer}.
   */
  public SourceReads reads(Path source, ScheduledExecutorService ticker, ThrottleObserver observer)
      throws IOException {
    SourceReads reads = SourceReads.of(ReadThrottle.of(readBytesPerSecond), cache);
    if (priority != Priority.NORMAL) {
      reads = reads.withDirectWindow(DirectIo.GENTLE_WINDOW_BYTES); // a backup beside a database
    }
    if (!adaptive) {
      return reads.ticking(ticker, Duration.ofSeconds(1), observer);
    }
    AdaptiveSettings settings = AdaptiveSettings.defaults(readBytesPerSecond);
    return reads.ticking(ticker, settings.interval(), observer)
        .adaptive(new AdaptiveController(settings), SystemPressure.forSource(source));
  }

  /**
   * Compression workers of a sidecar backup when {@code limits.threads} is not set: one core fewer than the machine
   * has (at least one), so the database keeps a core to itself; on two cores this lowered the database's p99 write
   * latency during a backup in five of six bench rounds (bench/README.md, "Impact on the database").
   */
  public static int sidecarThreads(int cores) {
    return Math.max(1, cores - 1);
  }

  /** One daemon thread for the ticks of every backup of a process; the composition root owns it. */
  public static ScheduledExecutorService newTicker() {
    return Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pouch-throttle");
      t.setDaemon(true);
      return t;
    });
  }

  /** For the log: what the limits are. */
  public String describe() {
    String rate = readBytesPerSecond == ReadThrottle.UNLIMITED ? "unlimited" : readBytesPerSecond + " B/s";
    return "reads " + (adaptive ? "adaptive up to " + rate : rate) + ", page cache "
        + cache.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ", priority "
        + priority.name().toLowerCase(Locale.ROOT);
  }
}
