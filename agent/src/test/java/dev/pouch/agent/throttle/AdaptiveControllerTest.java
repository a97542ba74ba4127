package dev.pouch.agent.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The controller on synthetic signal sequences, against a golden file. Run with {@code -Dpouch.golden.update=true}
 * to rewrite it after an intended change, then review the diff.
 */
class AdaptiveControllerTest {

  private static final long MIB = 1L << 20;
  private static final Path GOLDEN = Path.of("src/test/resources/throttle/adaptive-controller.golden.txt");
  private static final boolean UPDATE = Boolean.getBoolean("pouch.golden.update");

  private final AdaptiveController controller = new AdaptiveController(AdaptiveSettings.defaults(0));

  /** One synthetic interval: disk busy share and WAL MiB/s, NaN for a signal that could not be read. */
  private record Step(double disk, double walMib) {
    PressureSample sample() {
      return new PressureSample(Double.isNaN(disk) ? OptionalDouble.empty() : OptionalDouble.of(disk),
          Double.isNaN(walMib) ? OptionalDouble.empty() : OptionalDouble.of(walMib * MIB));
    }
  }

  private static List<Step> repeat(int times, double disk, double walMib) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      steps.add(new Step(disk, walMib));
    }
    return steps;
  }

  @SafeVarargs
  private static List<Step> concat(List<Step>... parts) {
    List<Step> all = new ArrayList<>();
    for (List<Step> p : parts) {
      all.addAll(p);
    }
    return all;
  }

  private String run(String name, List<Step> steps) {
    StringBuilder out = new StringBuilder("# " + name + "\n");
    long limit = controller.settings().startBytesPerSecond();
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      AdaptiveController.Decision d = controller.decide(limit, s.sample());
      limit = d.limitBytesPerSecond();
      out.append(String.format(Locale.ROOT, "%2d disk=%-4s wal=%-5s -> %-7s pressure=%-4s limit=%.1f MiB/s%n", i + 1,
          Double.isNaN(s.disk()) ? "-" : String.format(Locale.ROOT, "%.2f", s.disk()),
          Double.isNaN(s.walMib()) ? "-" : String.format(Locale.ROOT, "%.1f", s.walMib()), d.verdict(),
          Double.isNaN(d.pressure()) ? "-" : String.format(Locale.ROOT, "%.2f", d.pressure()),
          limit / (double) MIB));
    }
    return out.toString();
  }

  @Test
  void signalSequencesGiveTheGoldenLimits() throws IOException {
    String actual = String.join("\n",
        run("quiet database: additive increase up to the ceiling", repeat(16, 0.05, 1)),
        run("disk saturates, then settles, then goes quiet", concat(repeat(3, 0.1, 1), repeat(4, 0.9, 1),
            repeat(3, 0.35, 1), repeat(4, 0.1, 1))),
        run("WAL surge on a quiet disk", concat(repeat(2, 0.1, 2), repeat(3, 0.1, 20), repeat(2, 0.1, 10),
            repeat(2, 0.1, 4))),
        run("busy for long: multiplicative decrease down to the floor", repeat(6, 1.0, 30)),
        run("missing signals: hold without both, decide on the one that is known", List.of(new Step(Double.NaN,
            Double.NaN), new Step(Double.NaN, 1), new Step(0.8, Double.NaN), new Step(Double.NaN, Double.NaN),
            new Step(0.1, Double.NaN))));
    if (UPDATE) {
      Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }

  @Test
  void busyHalvesIdleAddsAndSteadyHolds() {
    long limit = 100 * MIB;
    assertThat(controller.decide(limit, PressureSample.of(0.5, 0)).limitBytesPerSecond()).isEqualTo(50 * MIB);
    assertThat(controller.decide(limit, PressureSample.of(0.25, 0)).limitBytesPerSecond()).isEqualTo(116 * MIB);
    assertThat(controller.decide(limit, PressureSample.of(0.3, 0)).limitBytesPerSecond()).isEqualTo(100 * MIB);
  }

  @Test
  void theLimitStaysWithinItsBounds() {
    AdaptiveSettings s = controller.settings();
    assertThat(controller.decide(s.minBytesPerSecond(), PressureSample.of(1, 0)).limitBytesPerSecond())
        .isEqualTo(s.minBytesPerSecond());
    assertThat(controller.decide(s.maxBytesPerSecond(), PressureSample.of(0, 0)).limitBytesPerSecond())
        .isEqualTo(s.maxBytesPerSecond());
    assertThat(controller.decide(10 * s.maxBytesPerSecond(), PressureSample.unknown()).limitBytesPerSecond())
        .as("a limit from outside the bounds is brought back inside").isEqualTo(s.maxBytesPerSecond());
  }

  @Test
  void anExplicitLimitIsTheCeiling() {
    AdaptiveSettings s = AdaptiveSettings.defaults(50 * MIB);
    assertThat(s.maxBytesPerSecond()).isEqualTo(50 * MIB);
    assertThat(s.startBytesPerSecond()).isEqualTo(32 * MIB);
    assertThat(AdaptiveSettings.defaults(2 * MIB).minBytesPerSecond()).isEqualTo(2 * MIB);
  }
}
