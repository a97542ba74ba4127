package dev.pouch.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsReportTest {

  private static final long MIB = 1 << 20;

  private static Measurement m(String tool, Operation op, double wall, long rssMib, long repoMib, long addedMib) {
    return new Measurement("mixed", tool, op, wall, wall * 1.5, rssMib * MIB, -1, repoMib * MIB, addedMib * MIB, 3,
        0);
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
        new Measurement("mixed", "pouch", Operation.RESTORE, 40.0, 30.0, 380 * MIB, 255 * MIB, 0, 0, 0, 1),
        m("restic", Operation.RESTORE, 9.0, 90, 1000, 1000));
    ResultsReport.Run run = new ResultsReport.Run(
        new Machine(2, "AMD EPYC", 24L << 30, "ext4 (/dev/vda)", "openjdk 25", Map.of("restic", "restic 0.14.0")),
        List.of("mixed: 1 GiB"), all, List.of("restic is fine"));

    String md = ResultsReport.markdown(run);

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
}
