package dev.pouch.agent.throttle;

import dev.pouch.agent.source.SourceEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The source reads of one backup (from {@link SourceReads#begin()}): opens files, pays for their bytes, ticks the
 * adaptive controller, and reports what happened. {@link #open} may be called from several threads.
 */
public final class ReadSession implements AutoCloseable {

  private final ReadThrottle throttle;
  private final PageCachePolicy cache;
  private final Optional<SourceReads.Adaptive> adaptive;
  private final ThrottleObserver observer;
  private final DirectIo direct;
  private final ReadCounters counters = new ReadCounters();
  private final ReadThrottle.Usage started;
  private final long limitBefore;
  private final ScheduledFuture<?> ticks;
  private ReadThrottle.Usage lastTick;
  private volatile AdaptiveController.Decision lastDecision;
  private ReadThrottle.Usage ended;

  ReadSession(ReadThrottle throttle, PageCachePolicy cache, Optional<SourceReads.Adaptive> adaptive,
      Optional<ScheduledExecutorService> ticker, Duration interval, ThrottleObserver observer, DirectIo direct) {
    this.throttle = throttle;
    this.cache = cache;
    this.adaptive = adaptive;
    this.observer = observer;
    this.direct = direct;
    this.limitBefore = throttle.limit();
    adaptive.ifPresent(a -> throttle.setLimit(a.controller().settings().startBytesPerSecond()));
    this.started = throttle.usage();
    this.lastTick = started;
    long nanos = interval.toNanos();
    this.ticks = ticker.map(t -> t.scheduleAtFixedRate(this::tick, nanos, nanos, TimeUnit.NANOSECONDS)).orElse(null);
  }

  /**
   * Opens {@code file} for reading from {@code position}; every byte read is paid for in the shared throttle.
   * Immutable files are read sparing the page cache under {@link PageCachePolicy#SPARE_CACHE}.
   */
  public InputStream open(Path file, long position, SourceEntry.Growth growth) throws IOException {
    InputStream raw;
    if (cache == PageCachePolicy.SPARE_CACHE && growth == SourceEntry.Growth.IMMUTABLE) {
      raw = CacheSparingInputStream.open(file, position, direct, counters);
    } else {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
      try {
        channel.position(position);
      } catch (IOException e) {
        channel.close();
        throw e;
      }
      raw = Channels.newInputStream(channel);
    }
    return throttle.wrap(raw);
  }

  /**
   * One tick: the adaptive controller (if any) chooses the limit from a fresh pressure sample, and the observer hears
   * the read rate since the previous tick. Runs on the scheduler; tests call it directly.
   */
  synchronized void tick() {
    if (ended != null) {
      return;
    }
    adaptive.ifPresent(a -> {
      AdaptiveController.Decision d = a.controller().decide(throttle.limit(), a.pressure().sample(throttle.nanoTime()));
      throttle.setLimit(d.limitBytesPerSecond());
      lastDecision = d;
    });
    ReadThrottle.Usage now = throttle.usage();
    observer.observe(now.bytesPerSecondSince(lastTick), throttle.limit());
    lastTick = now;
  }

  /** The adaptive controller's most recent decision, if it made one. */
  public Optional<AdaptiveController.Decision> lastDecision() {
    return Optional.ofNullable(lastDecision);
  }

  /** What the reads did, from the start of the session to now (or to its close). */
  public synchronized ReadReport report() {
    ReadThrottle.Usage end = ended != null ? ended : throttle.usage();
    long elapsedNanos = end.nanos() - started.nanos();
    return new ReadReport(end.bytes() - started.bytes(), Duration.ofNanos(elapsedNanos),
        end.bytesPerSecondSince(started), end.averageLimitSince(started), counters.directBytes(),
        counters.cachedBytes(), direct.refusals().values().stream().map(r -> "O_DIRECT refused: " + r).toList());
  }

  /** Stops ticking and restores the limit the throttle had before an adaptive session. */
  @Override
  public synchronized void close() {
    if (ended != null) {
      return;
    }
    if (ticks != null) {
      ticks.cancel(false);
    }
    ended = throttle.usage();
    if (adaptive.isPresent()) {
      throttle.setLimit(limitBefore);
    }
  }
}
