package dev.pouch.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.wombat.state.SegmentReplay;
import org.junit.jupiter.api.Test;

class CaptureOptionsTest {

  @Test
  void theBackupReplaysNoMoreWalThanTheRestoreCheckWouldInThisHeap() {
    long limit = CaptureOptions.defaults().semanticDigestMaxWalBytes();
    // RestoredWombatCheck skips a replay of more than a third of the heap; a digest recorded for more could never be
    // compared, and replaying it risks the backup's own heap.
    assertThat(limit).isPositive().isLessThanOrEqualTo(Runtime.getRuntime().maxMemory() / 3)
        .isLessThanOrEqualTo(256L << 20)
        .isEqualTo(Math.min(256L << 20, SegmentReplay.affordableWalBytes(Runtime.getRuntime().maxMemory())));
  }
}
