package dev.pouch.agent.throttle;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * How a backup reads its source: one {@link ReadThrottle} shared by every read, the {@link PageCachePolicy}, and
 * optionally an adaptive controller moving the limit with the database's pressure. Immutable; {@link #begin()} starts
 * the reads of one backup.
 *
 * <p>A periodic tick (on the injected scheduler, when one is given) feeds the adaptive controller and reports the
 * read rate and limit to a {@link ThrottleObserver}; without a scheduler there are no ticks, so adaptive mode needs
 * one.
 */
public final class SourceReads {

  private final ReadThrottle throttle;
  private final PageCachePolicy cache;
  private final Optional<Adaptive> adaptive;
  private final Optional<ScheduledExecutorService> ticker;
  private final Duration interval;
  private final ThrottleObserver observer;
  private final DirectIo.Opener directOpener;
  private final int directWindowBytes;

  /** The adaptive part: a controller and where it looks. */
  record Adaptive(AdaptiveController controller, PressureSource pressure) {}

  private SourceReads(ReadThrottle throttle, PageCachePolicy cache, Optional<Adaptive> adaptive,
      Optional<ScheduledExecutorService> ticker, Duration interval, ThrottleObserver observer,
      DirectIo.Opener directOpener, int directWindowBytes) {
    this.throttle = throttle;
    this.cache = cache;
    this.adaptive = adaptive;
    this.ticker = ticker;
    this.interval = interval;
    this.observer = observer;
    this.directOpener = directOpener;
    this.directWindowBytes = directWindowBytes;
  }

  /** Unlimited buffered reads, as a plain file copy does. */
  public static SourceReads plain() {
    return of(ReadThrottle.unlimited(), PageCachePolicy.THROUGH_CACHE);
  }

  /** Reads through {@code throttle} with {@code cache} policy, no ticks. */
  public static SourceReads of(ReadThrottle throttle, PageCachePolicy cache) {
    return new SourceReads(throttle, cache, Optional.empty(), Optional.empty(), Duration.ofSeconds(1),
        ThrottleObserver.NONE, DirectIo.JDK, DirectIo.WINDOW_BYTES);
  }

  /**
   * These reads with a tick every {@code interval} on {@code scheduler}, reporting to {@code observer}. The scheduler
   * belongs to the caller (it is not shut down here).
   */
  public SourceReads ticking(ScheduledExecutorService scheduler, Duration interval, ThrottleObserver observer) {
    if (!interval.isPositive()) {
      throw new IllegalArgumentException("the tick interval must be positive");
    }
    return new SourceReads(throttle, cache, adaptive, Optional.of(scheduler), interval, observer, directOpener,
        directWindowBytes);
  }

  /** These reads with the limit chosen by {@code controller} from {@code pressure} at every tick. */
  public SourceReads adaptive(AdaptiveController controller, PressureSource pressure) {
    return new SourceReads(throttle, cache, Optional.of(new Adaptive(controller, pressure)), ticker, interval,
        observer, directOpener, directWindowBytes);
  }

  /** Another way to open files with {@code O_DIRECT} (tests simulate a filesystem that refuses it). */
  SourceReads withDirectOpener(DirectIo.Opener opener) {
    return new SourceReads(throttle, cache, adaptive, ticker, interval, observer, opener, directWindowBytes);
  }

  /**
   * These reads with direct (past the cache) reads of {@code bytes} each, a multiple of 64 KiB. A database fsync that
   * reaches the disk behind one such read waits for all of it, so a backup next to a database reads in short windows
   * ({@link DirectIo#GENTLE_WINDOW_BYTES}).
   */
  public SourceReads withDirectWindow(int bytes) {
    if (bytes <= 0 || bytes % DirectIo.MAX_ALIGNMENT != 0) {
      throw new IllegalArgumentException("a direct read window must be a positive multiple of 64 KiB, not " + bytes);
    }
    return new SourceReads(throttle, cache, adaptive, ticker, interval, observer, directOpener, bytes);
  }

  /** Bytes per direct read. */
  public int directWindowBytes() {
    return directWindowBytes;
  }

  public ReadThrottle throttle() {
    return throttle;
  }

  public PageCachePolicy cachePolicy() {
    return cache;
  }

  public boolean isAdaptive() {
    return adaptive.isPresent();
  }

  /**
   * Starts the reads of one backup: sets the adaptive start limit, starts ticking. Close the session when reading is
   * done.
   *
   * @throws IllegalStateException in adaptive mode without a scheduler
   */
  public ReadSession begin() {
    if (adaptive.isPresent() && ticker.isEmpty()) {
      throw new IllegalStateException("adaptive reads need a scheduler for their ticks");
    }
    return new ReadSession(throttle, cache, adaptive, ticker, interval, observer,
        new DirectIo(directOpener, directWindowBytes));
  }
}
