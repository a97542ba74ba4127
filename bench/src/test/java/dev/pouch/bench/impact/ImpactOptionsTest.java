package dev.pouch.bench.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ImpactOptionsTest {

  @Test
  void defaultsRunEverySettingOnAColdGibibyteStore() {
    ImpactOptions o = ImpactOptions.parse();

    assertThat(o.storeBytes()).isEqualTo(1L << 30);
    assertThat(o.settings()).containsExactly("unthrottled", "cli-default", "low-priority", "sidecar-default",
        "idle-priority", "throttled-50MiB", "adaptive");
    assertThat(o.cold()).isTrue();
    assertThat(o.fsync()).isTrue();
    assertThat(o.writesPerSecond()).isEqualTo(50.0);
    assertThat(o.repositories()).isEqualTo(Path.of("/dev/shm"));
  }

  @Test
  void optionsOverrideTheDefaults() {
    ImpactOptions o = ImpactOptions.parse("--size", "256M", "--writes-per-second", "20", "--settings",
        "unthrottled,adaptive", "--rounds", "2", "--warm", "--no-fsync");

    assertThat(o.storeBytes()).isEqualTo(256L << 20);
    assertThat(o.writesPerSecond()).isEqualTo(20.0);
    assertThat(o.settings()).containsExactly("unthrottled", "adaptive");
    assertThat(o.rounds()).isEqualTo(2);
    assertThat(o.cold()).isFalse();
    assertThat(o.fsync()).isFalse();
  }

  @Test
  void unknownSettingsAndOptionsAreRejected() {
    assertThatThrownBy(() -> ImpactOptions.parse("--settings", "turbo")).hasMessageContaining("unknown setting");
    assertThatThrownBy(() -> ImpactOptions.parse("--fast")).hasMessageContaining("unknown option");
    assertThatThrownBy(() -> ImpactOptions.parse("--size", "big")).hasMessageContaining("--size");
  }
}
