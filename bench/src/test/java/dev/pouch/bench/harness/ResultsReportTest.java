package dev.pouch.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsReportTest {

  private static final long MIB = 1 << 20;

  private static Measurement m(String tool, Operation op, double wall, long rssMib, long repoMib, long addedMib) {
    return m(1, tool, op, wall, rssMib, repoMib, addedMib);
  }

  private static Measurement m(int round, String tool, Operation op, double wall, long rssMib, long repoMib,
      long addedMib) {
    return new Measurement("mixed", round, tool, op, wall, wall * 1.5, rssMib * MIB, -1, repoMib * MIB,
        addedMib * MIB, 3, 0);
  }

  private static ResultsReport.Run run(List<Measurement> all) {
    return new ResultsReport.Run(
        new Machine(2, "AMD EPYC", 24L << 30, "ext4 (/dev/vda)", "openjdk 25", Map.of("restic", "restic 0.14.0")),
        List.of("mixed: 1 GiB"), all, List.of("restic is fine"));
  }

  @Test
  void comparesPouchWithRestickAndBorgAgainstTheTargets() {
    List<Measurement> all = List.of(
        m("pouch", Operation.FULL_BACKUP, 6.0, 90, 500, 500),
        m("restic", Operation.FULL_BACKUP, 10.0, 100, 520, 520),
        m("borg", Operation.FULL_BACKUP, 7.5, 80, 600, 600),
        m("pouch", Operation.NO_CHANGE_BACKUP, 1.0, 90, 500, 0),
        m("restic", Operation.NO_CHANGE_BACKUP, 1.5, 100, 520, 0),
        m("pouch", Operation.COMPACTION_BACKUP, 3.0, 90, 540, 40),
        m("restic", Operation.COMPACTION_BACKUP, 2.0, 100, 530, 10),
        new Measurement("mixed", 1, "pouch", Operation.RESTORE, 40.0, 30.0, 380 * MIB, 255 * MIB, 0, 0, 0, 1),
        m("restic", Operation.RESTORE, 9.0, 90, 1000, 1000));

    String md = ResultsReport.markdown(run(all));

    assertThat(md).contains("2 cores, AMD EPYC, 24.0 GiB RAM, work directory on ext4 (/dev/vda), openjdk 25")
        .contains("- restic: restic 0.14.0")
        .contains("| mixed | first full backup | pouch | 6.00 | 9.00 | 90 | - | 500.0 | 500.0 | 3 |")
        .contains("| mixed | first full backup | 0.60 | 0.80 | 0.90 | 0.96 | wall <= 0.67x restic, RSS <= restic "
            + "| yes |")
        .contains("| mixed | no-change backup | 0.67 | - | 0.90 | 0.96 | wall <= 0.5x restic | **no** |")
        .contains("| mixed | backup after compaction | 1.50 | - | 0.90 | 1.02 | stored <= restic (added: 4.00x) "
            + "| **no** |")
        .contains("| mixed | restore | pouch **FAILED (exit 1)** | 40.00 | 30.00 | 380 | 255 |")
        .contains("| mixed | restore | - | - | - | - | pouch failed (exit 1) | **no** |")
        .contains("- restic is fine");
  }

  @Test
  void severalRoundsGiveTheMedianOfEachRoundsRatioWithItsRangeAndHowManyRoundsMet() {
    List<Measurement> all = List.of(
        m(1, "pouch", Operation.RESTORE, 3.0, 240, 480, 480), m(1, "restic", Operation.RESTORE, 3.5, 90, 950, 950),
        m(2, "pouch", Operation.RESTORE, 2.8, 240, 480, 480), m(2, "restic", Operation.RESTORE, 4.5, 90, 950, 950),
        m(3, "pouch", Operation.RESTORE, 3.2, 240, 480, 480), m(3, "restic", Operation.RESTORE, 4.0, 90, 950, 950),
        m(1, "pouch", Operation.NO_CHANGE_BACKUP, 2.0, 240, 340, 0),
        m(1, "restic", Operation.NO_CHANGE_BACKUP, 0.9, 70, 346, 0),
        m(2, "pouch", Operation.NO_CHANGE_BACKUP, 2.2, 240, 340, 0),
        m(2, "restic", Operation.NO_CHANGE_BACKUP, 1.0, 70, 346, 0));

    String md = ResultsReport.markdown(run(all));

    // Restore ratios 0.857, 0.622, 0.800: median 0.80 misses 0.67 although round 2 alone met it.
    assertThat(md).contains("| mix | round | operation | tool |")
        .contains("| mixed | 2 | restore | pouch | 2.80 |")
        .contains("| mixed | restore | 0.80 (0.62-0.86) | - | 2.67 (2.67-2.67) | - | wall <= 0.67x restic "
            + "| **no** (1 of 3 rounds) |")
        // Two rounds: the median is the mean of both, 2.20 and 2.22.
        .contains("| mixed | no-change backup | 2.21 (2.20-2.22) |")
        .contains("Each ratio is the median of the rounds' ratios");
  }

  @Test
  void aMedianOfAnOddCountIsTheMiddleValue() {
    assertThat(ResultsReport.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(ResultsReport.median(List.of(4.0, 1.0))).isEqualTo(2.5);
    assertThat(ResultsReport.summary(List.of())).isEqualTo("-");
    assertThat(ResultsReport.summary(List.of(0.5))).isEqualTo("0.50");
  }
}
