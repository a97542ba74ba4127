package dev.pouch.agent.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

class ReadLimitsTest {

  @Test
  void theSidecarLeavesTheDatabaseACore() {
    assertThat(ReadLimits.sidecarThreads(1)).isEqualTo(1);
    assertThat(ReadLimits.sidecarThreads(2)).isEqualTo(1);
    assertThat(ReadLimits.sidecarThreads(16)).isEqualTo(15);
  }

  @Test
  void sidecarDefaultsAreLowPriorityAndSpareTheCache() {
    ReadLimits sidecar = ReadLimits.sidecarDefaults();

    assertThat(sidecar.priority()).isEqualTo(ReadLimits.Priority.LOW);
    assertThat(sidecar.cache()).isEqualTo(PageCachePolicy.SPARE_CACHE);
    assertThat(sidecar.readBytesPerSecond()).isEqualTo(ReadThrottle.UNLIMITED);
    assertThat(ReadLimits.backupDefaults().priority()).isEqualTo(ReadLimits.Priority.NORMAL);
  }

  @Test
  void describesItselfForTheLog() {
    assertThat(new ReadLimits(50L << 20, true, ReadLimits.Priority.LOW, PageCachePolicy.SPARE_CACHE).describe())
        .isEqualTo("reads adaptive up to 52428800 B/s, page cache spare cache, priority low");
  }

  @Test
  void prioritiesParse() {
    assertThat(ReadLimits.Priority.parse(" Low ")).isEqualTo(ReadLimits.Priority.LOW);
    assertThat(ReadLimits.Priority.parse("idle")).isEqualTo(ReadLimits.Priority.IDLE);
    assertThatThrownBy(() -> ReadLimits.Priority.parse("batch")).hasMessageContaining("low, idle or normal");
  }

  @Test
  void aBackupBesideADatabaseReadsPastTheCacheInShortWindows() throws Exception {
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    try {
      Path here = Path.of(".");
      assertThat(ReadLimits.sidecarDefaults().reads(here, ticker, ThrottleObserver.NONE).directWindowBytes())
          .isEqualTo(DirectIo.GENTLE_WINDOW_BYTES);
      assertThat(ReadLimits.backupDefaults().reads(here, ticker, ThrottleObserver.NONE).directWindowBytes())
          .isEqualTo(1 << 20);
    } finally {
      ticker.shutdownNow();
    }
  }
}
