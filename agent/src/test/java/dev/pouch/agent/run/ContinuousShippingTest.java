package dev.pouch.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.monitoring.PouchMetrics;
import dev.pouch.agent.pitr.PieceKey;
import dev.pouch.agent.pitr.ShipResult;
import dev.pouch.agent.schedule.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * The shipping loop and its lag over a scripted shipper: each round's outcome is given in advance, the clock is
 * manual and the waiter never blocks, so nothing here sleeps.
 */
class ContinuousShippingTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T12:00:00Z"));
  private final PouchMetrics metrics = new PouchMetrics();
  private final List<SidecarEvent> events = Collections.synchronizedList(new ArrayList<>());
  private final Deque<Round> script = new ArrayDeque<>();
  private int resumes;
  private int rounds;

  /** One scripted round: pieces written, whether WAL bytes are left waiting, or a failure; and what runs inside. */
  private record Round(int pieces, boolean pending, IOException failure, Runnable during) {
    static Round shipped(int pieces) {
      return new Round(pieces, false, null, () -> { });
    }

    static Round waiting() {
      return new Round(0, true, null, () -> { });
    }

    static Round failing(String message) {
      return new Round(0, false, new IOException(message), () -> { });
    }
  }

  private ContinuousShipping shipping(Instant shippedUntil) {
    return new ContinuousShipping(() -> {
      resumes++;
      return new ContinuousShipping.Shipper() {
        private boolean pending;

        @Override
        public ShipResult shipOnce() throws IOException {
          Round r = script.removeFirst();
          rounds++;
          r.during().run();
          if (r.failure() != null) {
            throw r.failure();
          }
          pending = r.pending();
          List<PieceKey> pieces = new ArrayList<>();
          for (int i = 0; i < r.pieces(); i++) {
            pieces.add(new PieceKey(new PieceKey.FileId("wal", "00000" + i + ".log", 7, 0), 0, 16, clock.instant()));
          }
          return new ShipResult(clock.instant(), pieces, r.pieces() * 16L, r.pending() ? 100 : 0, 0, List.of());
        }

        @Override
        public boolean walPending() {
          return pending;
        }
      };
    }, Duration.ofSeconds(5), new ReentrantLock(), metrics, events::add, clock, shippedUntil);
  }

  private String lag() {
    return metrics.text().lines().filter(l -> l.startsWith("pouch_wal_shipping_lag_seconds ")).findFirst()
        .orElseThrow();
  }

  @Test
  void lagCountsFromTheLastRoundThatLeftNothingWaiting() {
    ContinuousShipping s = shipping(clock.instant());
    assertThat(lag()).isEqualTo("pouch_wal_shipping_lag_seconds 0.0");
    script.addAll(List.of(Round.shipped(2), Round.waiting(), Round.waiting(), Round.shipped(3), Round.shipped(0)));
    s.round();
    clock.advance(Duration.ofSeconds(5));
    s.round();
    assertThat(lag()).isEqualTo("pouch_wal_shipping_lag_seconds 5.0");
    clock.advance(Duration.ofSeconds(5));
    s.round();
    assertThat(lag()).isEqualTo("pouch_wal_shipping_lag_seconds 10.0");
    clock.advance(Duration.ofSeconds(5));
    s.round();
    assertThat(lag()).isEqualTo("pouch_wal_shipping_lag_seconds 0.0");
    clock.advance(Duration.ofSeconds(5));
    s.round();
    assertThat(lag()).isEqualTo("pouch_wal_shipping_lag_seconds 0.0");
    assertThat(metrics.text()).contains("pouch_wal_pieces_shipped_total 5.0");
  }

  @Test
  void aFailingRoundIsReportedOnceLagKeepsGrowingAndAFreshShipperResumes() {
    ContinuousShipping s = shipping(clock.instant().minusSeconds(30));
    script.addAll(List.of(Round.failing("storage down"), Round.failing("storage down"), Round.shipped(1)));
    s.round();
    clock.advance(Duration.ofSeconds(5));
    s.round();
    assertThat(lag()).isEqualTo("pouch_wal_shipping_lag_seconds 35.0");
    assertThat(metrics.text()).contains("pouch_errors_total{job=\"wal\"} 2");
    assertThat(events).extracting(SidecarEvent::kind).containsExactly("wal-failed");
    assertThat(events.get(0).message()).contains("IOException: storage down");
    clock.advance(Duration.ofSeconds(5));
    s.round();
    assertThat(lag()).isEqualTo("pouch_wal_shipping_lag_seconds 0.0");
    assertThat(events).extracting(SidecarEvent::kind).containsExactly("wal-failed", "wal");
    assertThat(resumes).as("a failed round drops its shipper; the next round resumes from the repository")
        .isEqualTo(3);
  }

  @Test
  void afterMaintenanceTheNextRoundResumesAFreshShipper() {
    ContinuousShipping s = shipping(clock.instant());
    script.addAll(List.of(Round.shipped(1), Round.shipped(1), Round.shipped(1)));
    s.round();
    s.round();
    assertThat(resumes).isEqualTo(1);
    s.resumeAfterMaintenance();
    s.round();
    assertThat(resumes).isEqualTo(2);
  }

  @Test
  void aStopDuringARoundLetsThatRoundCompleteAndStartsNoOther() throws Exception {
    ContinuousShipping s = shipping(clock.instant());
    script.add(Round.shipped(1));
    script.add(new Round(4, false, null, s::requestStop)); // SIGTERM arrives while this round runs
    script.add(Round.shipped(100));
    List<Instant> waits = new ArrayList<>();
    Waiter waiter = new Waiter() {
      @Override
      public void awaitUntil(Instant deadline) {
        waits.add(deadline);
        clock.set(deadline);
      }

      @Override
      public void wake() {}
    };
    s.start(waiter);
    assertThat(s.awaitStopped(Duration.ofMinutes(1))).isTrue(); // a guard against a hang, not a timing assertion
    assertThat(rounds).isEqualTo(2);
    assertThat(metrics.text()).contains("pouch_wal_pieces_shipped_total 5.0");
    assertThat(waits).containsExactly(Instant.parse("2026-11-25T12:00:05Z"));
  }
}
