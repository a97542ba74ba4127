package dev.pouch.agent.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthEvaluatorTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private final HealthEvaluator seed = new HealthEvaluator(AlertThresholds.seed());

  private static HealthInputs inputs(Instant lastSuccess, Long bytes, Double rate, Instant since) {
    return new HealthInputs(Optional.ofNullable(lastSuccess), Optional.ofNullable(bytes), Optional.ofNullable(rate),
        Optional.ofNullable(since));
  }

  @Test
  void aRecentNonEmptyBackupWithGoodRateIsHealthy() {
    assertThat(seed.evaluate(NOW, inputs(NOW.minus(Duration.ofHours(23)), 10L, 1.0, null)).healthy()).isTrue();
  }

  @Test
  void overdueAfterTwentyFourHours() {
    HealthReport r = seed.evaluate(NOW, inputs(NOW.minus(Duration.ofHours(25)), 10L, null, null));
    assertThat(r.alerts()).extracting(Alert::kind).containsExactly(AlertKind.BACKUP_OVERDUE);
    assertThat(r.alerts().get(0).message()).contains("more than 24 h ago");
  }

  @Test
  void neverBackedUpIsOverdueOnlyOnceTheGraceSinceStartHasPassed() {
    assertThat(seed.evaluate(NOW, inputs(null, null, null, NOW.minus(Duration.ofHours(2)))).healthy()).isTrue();
    assertThat(seed.evaluate(NOW, inputs(null, null, null, NOW.minus(Duration.ofHours(30))))
        .firing(AlertKind.BACKUP_OVERDUE)).isTrue();
    assertThat(seed.evaluate(NOW, inputs(null, null, null, null)).firing(AlertKind.BACKUP_OVERDUE)).isTrue();
  }

  @Test
  void lowSuccessRate() {
    assertThat(seed.evaluate(NOW, inputs(NOW, 10L, 0.94, null)).alerts()).extracting(Alert::kind)
        .containsExactly(AlertKind.SUCCESS_RATE_LOW);
    assertThat(seed.evaluate(NOW, inputs(NOW, 10L, 0.95, null)).healthy()).isTrue();
  }

  @Test
  void emptyBackupUnlessSwitchedOff() {
    assertThat(seed.evaluate(NOW, inputs(NOW, 0L, null, null)).alerts()).extracting(Alert::kind)
        .containsExactly(AlertKind.EMPTY_BACKUP);
    HealthEvaluator quiet = new HealthEvaluator(new AlertThresholds(Duration.ofHours(24), 0.95, false));
    assertThat(quiet.evaluate(NOW, inputs(NOW, 0L, null, null)).healthy()).isTrue();
  }

  @Test
  void attemptLogKeepsTheWindow() {
    AttemptLog log = new AttemptLog(4);
    assertThat(log.successRate()).isEmpty();
    log.record(new BackupAttempt(NOW, false, 0));
    for (int i = 0; i < 3; i++) {
      log.record(new BackupAttempt(NOW, true, 1));
    }
    assertThat(log.successRate()).contains(0.75);
    log.record(new BackupAttempt(NOW, true, 1));
    assertThat(log.successRate()).contains(1.0);
  }
}
