package dev.pouch.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectLockTest {

  private final ObjectLock lock =
      new ObjectLock(ObjectLock.Mode.GOVERNANCE, Duration.ofDays(30), List.of("locks/", "index/"));

  @Test
  void everyKeyOutsideTheExemptPrefixesIsLocked() {
    assertThat(lock.appliesTo(BlobKey.of("data/3f/3f9a"))).isTrue();
    assertThat(lock.appliesTo(BlobKey.of("snapshots/ab"))).isTrue();
    assertThat(lock.appliesTo(BlobKey.of("config"))).isTrue();
    assertThat(lock.appliesTo(BlobKey.of("locks/ab"))).isFalse();
    assertThat(lock.appliesTo(BlobKey.of("index/ab"))).isFalse();
  }

  @Test
  void retentionRunsForThePeriodFromTheUpload() {
    assertThat(lock.retainUntil(Instant.parse("2026-11-25T12:00:00Z")))
        .isEqualTo(Instant.parse("2026-12-25T12:00:00Z"));
  }

  @Test
  void refusesAPeriodThatIsNotPositive() {
    assertThatThrownBy(() -> new ObjectLock(ObjectLock.Mode.COMPLIANCE, Duration.ZERO, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
