package dev.pouch.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.bench.dataset.Mix;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HarnessOptionsTest {

  @Test
  void defaultsToOneGibibyteMixedWithEveryTool() {
    HarnessOptions o = HarnessOptions.parse();

    assertThat(o.sizeBytes()).isEqualTo(1L << 30);
    assertThat(o.mixes()).containsExactly(Mix.MIXED);
    assertThat(o.toolOrder()).containsExactly("pouch", "restic", "borg");
    assertThat(o.heap()).isEmpty();
    assertThat(o.profile()).isFalse();
    assertThat(o.simulator()).isTrue();
    assertThat(o.rounds()).isEqualTo(1);
  }

  @Test
  void parsesEveryOption() {
    HarnessOptions o = HarnessOptions.parse("--size", "10G", "--mix", "all", "--tools", "borg,pouch", "--heap",
        "256m", "--profile", "--keep", "--seed", "9", "--generator", "records", "--rounds", "3");

    assertThat(o.sizeBytes()).isEqualTo(10L << 30);
    assertThat(o.mixes()).containsExactly(Mix.values());
    assertThat(o.toolOrder()).containsExactly("pouch", "borg");
    assertThat(o.heap()).hasValue("256m");
    assertThat(o.profile()).isTrue();
    assertThat(o.keep()).isTrue();
    assertThat(o.seed()).isEqualTo(9);
    assertThat(o.simulator()).isFalse();
    assertThat(o.rounds()).isEqualTo(3);
  }

  @Test
  void sizesUseBinaryUnits() {
    assertThat(HarnessOptions.parseSize("512M")).isEqualTo(512L << 20);
    assertThat(HarnessOptions.parseSize("1GiB")).isEqualTo(1L << 30);
    assertThat(HarnessOptions.parseSize("4096")).isEqualTo(4096);
  }

  @Test
  void rejectsWhatItDoesNotKnow() {
    for (List<String> args : List.of(List.of("--size", "big"), List.of("--tools", "kopia"), List.of("--heap", "lots"),
        List.of("--mix", "random"), List.of("--frobnicate"), List.of("--size"), List.of("--generator", "x"),
        List.of("--rounds", "0"), List.of("--rounds", "many"))) {
      assertThatThrownBy(() -> HarnessOptions.parse(args.toArray(String[]::new)))
          .as(args.toString()).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void tellsTheFeatureVersionOfAJavaBinarySoPouchGetsTheLaunchersStartupCache() {
    assertThat(Harness.javaFeature(Path.of(System.getProperty("java.home"), "bin", "java")))
        .isEqualTo(Runtime.version().feature());
    assertThat(Harness.javaFeature(Path.of("/nonexistent/bin/java"))).isZero();
  }
}
