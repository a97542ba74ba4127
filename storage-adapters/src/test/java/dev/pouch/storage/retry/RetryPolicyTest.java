package dev.pouch.storage.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void defaultsAreSixAttemptsFrom200MillisecondsCappedAtTenSecondsAndTwoForANeverReachedEndpoint() {
    RetryPolicy defaults = RetryPolicy.defaults();

    assertThat(defaults).isEqualTo(new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(10), 2));
    assertThat(IntStream.rangeClosed(1, 8).mapToObj(defaults::delayCap)).containsExactly(
        Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofMillis(1600),
        Duration.ofMillis(3200), Duration.ofMillis(6400), Duration.ofSeconds(10), Duration.ofSeconds(10));
  }

  @Test
  void capNeverOverflowsForLargeRetryNumbers() {
    assertThat(RetryPolicy.defaults().delayCap(10_000)).isEqualTo(Duration.ofSeconds(10));
    assertThat(RetryPolicy.none().delayCap(3)).isEqualTo(Duration.ZERO);
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(-1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.defaults().delayCap(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ZERO, Duration.ZERO, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ZERO, Duration.ZERO, 4))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theThreeArgumentPolicyGivesUnreachableEndpointsTheFullBudget() {
    assertThat(new RetryPolicy(5, Duration.ZERO, Duration.ZERO).unreachableAttempts()).isEqualTo(5);
  }
}
