package dev.pouch.bench.impact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ImpactReportTest {

  private static SettingResult result(String name, double quietP99, double duringP99, double seconds) {
    BackupSetting setting = BackupSetting.all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    SettingResult.Machine machine = new SettingResult.Machine(OptionalDouble.of(0.1), OptionalDouble.of(0.3),
        OptionalDouble.empty());
    return new SettingResult(setting, 1, new LatencyLog.Stats(4000, 1.0, quietP99, 20),
        new LatencyLog.Stats(2000, 1.2, duringP99, 40), new SettingResult.Parts(0.5, 0.2, quietP99, quietP99),
        new SettingResult.Parts(1.5, 0.3, duringP99, duringP99),
        new BackupRun.Outcome(seconds, seconds + 1, 50L << 20, 0, 1L << 30), machine, machine, OptionalLong.of(0));
  }

  @Test
  void theGoalIsCheckedAgainstTheUnthrottledRunOfTheSameRound() {
    String report = ImpactReport.render(List.of(result("unthrottled", 10, 30, 10),
        result("sidecar-default", 10, 11.5, 19)), List.of(), "context");

    assertThat(report).contains("| 1 | sidecar-default | 1.00 / 10.00 | 1.20 / 11.50 | +15% | 19.0 | 1.90x | 50 | none "
        + "| 0 MiB |");
    assertThat(report).contains("| 1 | sidecar-default | 0.5 / 0.2 / 10.0 / 10.0 | 1.5 / 0.3 / 11.5 / 11.5 | 30% / 30% "
        + "| n/a / n/a | 10% / 10% |");
    assertThat(report).contains("- round 1: p99 +15%: met; duration 1.90x unthrottled: met");
  }

  @Test
  void missesAreNamed() {
    String report = ImpactReport.render(List.of(result("unthrottled", 10, 30, 10),
        result("sidecar-default", 10, 13, 25)), List.of(), "context");

    assertThat(report).contains("- round 1: p99 +30%: MISSED; duration 2.50x unthrottled: MISSED");
  }

  @Test
  void pooledFiguresTakeEveryQuietWindowAgainstEachSettingsBackupWindows() {
    LatencyLog log = new LatencyLog();
    // Two rounds; round 1's quiet window of sidecar-default had a 50 ms hiccup that alone would hide any rise.
    for (int i = 0; i < 100; i++) {
      for (String phase : List.of("quiet:unthrottled-1", "quiet:sidecar-default-1", "quiet:unthrottled-2",
          "quiet:sidecar-default-2")) {
        log.record(phase, 1_000_000);
        log.record(phase + LatencyLog.LAG, 100_000);
      }
      log.record("backup:unthrottled-1", 9_000_000);
      log.record("backup:unthrottled-2", 9_000_000);
      log.record("backup:sidecar-default-1", 1_100_000);
      log.record("backup:sidecar-default-2", 1_300_000);
      log.record("backup:sidecar-default-2" + LatencyLog.LAG, 200_000);
      log.record("cooldown", 70_000_000);
    }
    for (int i = 0; i < 2; i++) {
      log.record("quiet:sidecar-default-1", 50_000_000);
    }
    List<SettingResult> rounds = List.of(result("unthrottled", 1, 9, 10), result("sidecar-default", 1, 1.3, 12),
        result("unthrottled", 1, 9, 10), result("sidecar-default", 1, 1.3, 12));

    List<ImpactReport.Pooled> pooled = ImpactReport.pooled(log, rounds);

    assertThat(pooled).extracting(ImpactReport.Pooled::setting).containsExactly("unthrottled", "sidecar-default");
    ImpactReport.Pooled sidecar = pooled.get(1);
    assertThat(sidecar.rounds()).isEqualTo(2);
    assertThat(sidecar.quiet().count()).isEqualTo(402);
    assertThat(sidecar.quiet().p99Millis()).isEqualTo(1.0);
    assertThat(sidecar.backup().count()).isEqualTo(200);
    assertThat(sidecar.backup().p99Millis()).isEqualTo(1.3);
    assertThat(sidecar.backupParts().lagP99Millis()).isEqualTo(0.2);
    assertThat(sidecar.p99Change()).isCloseTo(0.30, org.assertj.core.data.Offset.offset(1e-9));
    String report = ImpactReport.render(rounds, pooled, "context");
    assertThat(report).contains("| sidecar-default | 2 | 200 | 1.10 / 1.30 | +30% | 0.2 / NaN / NaN / NaN |");
    assertThat(report).contains("- pooled over 2 round(s): p99 +30%: MISSED");
  }

  @Test
  void parsesTheBackupSummaryOfPouchJson() throws Exception {
    String json = "{\"snapshot\":\"ab\",\"summary\":{\"bytesRead\":1000,\"duration\":12.5,"
        + "\"readRateBytesPerSecond\":80,\"throttleLimitBytesPerSecond\":100},\"warnings\":[]}";

    BackupRun.Outcome o = BackupRun.parse(new ObjectMapper().readTree(json), 13.0);

    assertThat(o).isEqualTo(new BackupRun.Outcome(12.5, 13.0, 80, 100, 1000));
  }
}
