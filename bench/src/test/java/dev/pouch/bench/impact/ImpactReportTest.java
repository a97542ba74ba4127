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
        result("sidecar-default", 10, 11.5, 19)), "context");

    assertThat(report).contains("| 1 | sidecar-default | 1.00 / 10.00 | 1.20 / 11.50 | +15% | 19.0 | 1.90x | 50 | none "
        + "| 0 MiB |");
    assertThat(report).contains("| 1 | sidecar-default | 0.5 / 0.2 / 10.0 / 10.0 | 1.5 / 0.3 / 11.5 / 11.5 | 30% / 30% "
        + "| n/a / n/a | 10% / 10% |");
    assertThat(report).contains("- round 1: p99 +15%: met; duration 1.90x unthrottled: met");
  }

  @Test
  void missesAreNamed() {
    String report = ImpactReport.render(List.of(result("unthrottled", 10, 30, 10),
        result("sidecar-default", 10, 13, 25)), "context");

    assertThat(report).contains("- round 1: p99 +30%: MISSED; duration 2.50x unthrottled: MISSED");
  }

  @Test
  void parsesTheBackupSummaryOfPouchJson() throws Exception {
    String json = "{\"snapshot\":\"ab\",\"summary\":{\"bytesRead\":1000,\"duration\":12.5,"
        + "\"readRateBytesPerSecond\":80,\"throttleLimitBytesPerSecond\":100},\"warnings\":[]}";

    BackupRun.Outcome o = BackupRun.parse(new ObjectMapper().readTree(json), 13.0);

    assertThat(o).isEqualTo(new BackupRun.Outcome(12.5, 13.0, 80, 100, 1000));
  }
}
