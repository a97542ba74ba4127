package dev.pouch.agent.restore;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A restore the target's file system cannot hold stops before anything is downloaded, saying how much is missing. */
class RestoreSpaceTest {

  private static final Path TARGET = Path.of("/mnt/restore");

  @Test
  void aTargetWithTooLittleSpaceIsRefusedWithBothFigures() {
    assertThatThrownBy(() -> RestoreService.checkSpace(TARGET, 34_290_000L, 5L << 20))
        .isInstanceOf(IOException.class)
        .hasMessage("the restore needs 32.7 MiB and the file system of /mnt/restore has 5.0 MiB free; free space "
            + "there or choose another --target");
  }

  @Test
  void exactlyEnoughSpaceIsEnough() {
    assertThatCode(() -> RestoreService.checkSpace(TARGET, 5L << 20, 5L << 20)).doesNotThrowAnyException();
  }
}
