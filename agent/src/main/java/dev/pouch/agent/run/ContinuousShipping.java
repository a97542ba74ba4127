package dev.pouch.agent.run;

import dev.pouch.agent.monitoring.PouchMetrics;
import dev.pouch.agent.pitr.ShipResult;
import dev.pouch.agent.pitr.WalShipper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;

/**
 * The sidecar's continuous backup: a thread that runs one WAL shipping round every cadence until stopped. A stop
 * request never interrupts a round: the round in progress completes (its pieces are written or not at all), then the
 * thread ends. Rounds hold the sidecar's maintenance lock, which cleanup takes too, so forget and prune (exclusive
 * repository locks) never meet a shipping round's shared lock; after a cleanup the shipper is resumed afresh, because
 * prune may have removed chunks its in-memory index still lists.
 *
 * <p>The lag it reports is the time since the last round after which nothing was waiting: 0 while caught up, growing
 * while WAL bytes wait for a batch or for request budget, or while rounds fail.
 */
final class ContinuousShipping {

  /** One shipper's view of the source: a round, and whether WAL bytes were left waiting. */
  interface Shipper {
    ShipResult shipOnce() throws IOException;

    boolean walPending();

    static Shipper of(WalShipper shipper) {
      return new Shipper() {
        @Override
        public ShipResult shipOnce() throws IOException {
          return shipper.shipOnce();
        }

        @Override
        public boolean walPending() {
          return shipper.walPending();
        }
      };
    }
  }

  /** Creates a shipper that continues where the repository's pieces end. */
  @FunctionalInterface
  interface Resumer {
    Shipper resume() throws IOException;
  }

  private final Resumer resumer;
  private final Duration cadence;
  private final Lock maintenance;
  private final PouchMetrics metrics;
  private final Consumer<SidecarEvent> events;
  private final Clock clock;
  private Shipper shipper;
  private Instant caughtUpAt;
  private String lastFailure;
  private volatile boolean stopping;
  private volatile Waiter waiter;
  private Thread thread;

  /**
   * @param caughtUpAt the newest point known to be shipped (the newest piece's capture time, or now when there is
   *     none), from which the lag counts until the first round
   */
  ContinuousShipping(Resumer resumer, Duration cadence, Lock maintenance, PouchMetrics metrics,
      Consumer<SidecarEvent> events, Clock clock, Instant caughtUpAt) {
    this.resumer = resumer;
    this.cadence = cadence;
    this.maintenance = maintenance;
    this.metrics = metrics;
    this.events = events;
    this.clock = clock;
    this.caughtUpAt = Objects.requireNonNull(caughtUpAt);
    metrics.walShippingOn();
  }

  /** One round now, on the calling thread; returns empty when it failed (reported as an event and in the metrics). */
  Optional<ShipResult> round() {
    maintenance.lock();
    try {
      if (shipper == null) {
        shipper = resumer.resume();
      }
      ShipResult result = shipper.shipOnce();
      if (!shipper.walPending()) {
        caughtUpAt = result.polledAt();
      }
      Duration lag = shipper.walPending() ? nonNegative(Duration.between(caughtUpAt, clock.instant())) : Duration.ZERO;
      metrics.walShipped(result.shipped().size(), lag);
      if (lastFailure != null) {
        lastFailure = null;
        events.accept(new SidecarEvent(clock.instant(), "wal", "WAL shipping works again"));
      }
      for (String note : result.notes()) {
        events.accept(new SidecarEvent(result.polledAt(), "wal", note));
      }
      return Optional.of(result);
    } catch (IOException | RuntimeException e) {
      // The shipper may have stopped mid-round; a fresh one re-reads what was shipped, losing and repeating nothing.
      shipper = null;
      metrics.walFailed(nonNegative(Duration.between(caughtUpAt, clock.instant())));
      String failure = e.getClass().getSimpleName() + ": " + e.getMessage();
      if (!failure.equals(lastFailure)) {
        events.accept(new SidecarEvent(clock.instant(), "wal-failed", "WAL shipping failed (retrying every "
            + cadence.toSeconds() + " s): " + failure));
      }
      lastFailure = failure;
      return Optional.empty();
    } finally {
      maintenance.unlock();
    }
  }

  /** Drops the shipper so the next round resumes from the repository; call while holding the maintenance lock. */
  void resumeAfterMaintenance() {
    shipper = null;
  }

  /** Starts the shipping thread; it waits with {@code waiter} between rounds. */
  void start(Waiter w) {
    this.waiter = w;
    thread = new Thread(() -> loop(w), "pouch-wal-shipping");
    thread.setDaemon(true);
    thread.start();
  }

  /** The thread's body: a round every cadence, until stopped. */
  void loop(Waiter w) {
    while (!stopping) {
      Instant started = clock.instant();
      round();
      if (stopping) {
        break;
      }
      try {
        // On the cadence, not a cadence after the round: a slow round must not stretch the recovery point.
        w.awaitUntil(started.plus(cadence));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** No new round starts; a round in progress completes. */
  void requestStop() {
    stopping = true;
    Waiter w = waiter;
    if (w != null) {
      w.wake();
    }
  }

  /** Waits up to {@code limit} for the thread to end; false when a round is still running. */
  boolean awaitStopped(Duration limit) throws InterruptedException {
    if (thread == null) {
      return true;
    }
    thread.join(Math.max(1, limit.toMillis()));
    return !thread.isAlive();
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
