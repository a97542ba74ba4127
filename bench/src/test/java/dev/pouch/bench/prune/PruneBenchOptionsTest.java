package dev.pouch.bench.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PruneBenchOptionsTest {

  @Test
  void defaultsAreTheIssuesFigures() {
    PruneBenchOptions o = PruneBenchOptions.parse(List.of());

    assertThat(o.snapshots()).isEqualTo(10_000);
    assertThat(o.logicalGib()).isEqualTo(100);
    assertThat(o.work()).isEqualTo(Path.of("/tmp/pouch-prune-bench"));
    assertThat(o.resticSnapshots()).isEqualTo(1_000);
    assertThat(o.tools()).isEqualTo(Set.of("pouch", "restic"));
    assertThat(o.resticLanes()).isEqualTo(2);
  }

  @Test
  void parsesEveryOption() {
    PruneBenchOptions o = PruneBenchOptions.parse(List.of("--snapshots", "200", "--logical-gib", "2.5", "--work",
        "/tmp/w", "--restic-snapshots", "0", "--tools", "pouch", "--results", "/tmp/r", "--pouch-jar", "/tmp/p.jar",
        "--seed", "9", "--restic-parallel", "1"));

    assertThat(o).isEqualTo(new PruneBenchOptions(200, 2.5, Path.of("/tmp/w"), 0, Set.of("pouch"), Path.of("/tmp/r"),
        Path.of("/tmp/p.jar"), 9, 1));
  }

  @Test
  void refusesWhatItDoesNotKnow() {
    assertThatThrownBy(() -> PruneBenchOptions.parse(List.of("--snapshot", "5")))
        .hasMessageContaining("unknown option --snapshot");
    assertThatThrownBy(() -> PruneBenchOptions.parse(List.of("--snapshots")))
        .hasMessageContaining("--snapshots needs a value");
    assertThatThrownBy(() -> PruneBenchOptions.parse(List.of("--snapshots", "many")))
        .hasMessageContaining("takes a number");
    assertThatThrownBy(() -> PruneBenchOptions.parse(List.of("--tools", "pouch,borg")))
        .hasMessageContaining("--tools");
    assertThatThrownBy(() -> PruneBenchOptions.parse(List.of("--snapshots", "0")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
