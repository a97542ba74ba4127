package dev.pouch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.config.ConfigLoader;
import dev.pouch.agent.config.PouchConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemdUnitsTest {

  /** section -> key -> values (systemd allows repeated keys). */
  static Map<String, Map<String, List<String>>> unit(String name) throws IOException {
    Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
    String section = null;
    for (String raw : Files.readAllLines(DeployFiles.file("systemd/" + name))) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[")) {
        section = line.substring(1, line.length() - 1);
        sections.put(section, new LinkedHashMap<>());
        continue;
      }
      int eq = line.indexOf('=');
      assertThat(eq).as("%s: '%s' is key=value", name, line).isPositive();
      assertThat(section).as("%s: key outside a section", name).isNotNull();
      sections.get(section).computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 1));
    }
    return sections;
  }

  private static List<String> pouchArgs(String execStart) {
    List<String> words = Arrays.asList(execStart.trim().split("\\s+"));
    assertThat(words.get(0)).isEqualTo("/usr/local/bin/pouch");
    return words.subList(1, words.size());
  }

  @Test
  void serviceRunsTheAgentWithARealConfigAndStopsWithSigterm() throws Exception {
    var service = unit("pouch.service");
    List<String> args = pouchArgs(service.get("Service").get("ExecStart").get(0));
    assertThat(DeployFiles.parsePouch(args).subcommand().commandSpec().name()).isEqualTo("run");
    assertThat(DeployFiles.optionValue(args, "--config")).isEqualTo("/etc/pouch/pouch.yaml");
    assertThat(service.get("Service").get("KillSignal")).containsExactly("SIGTERM");
    PouchConfig config = new ConfigLoader(Map.of()).load(DeployFiles.file("systemd/pouch.yaml")).config();
    long stop = Long.parseLong(service.get("Service").get("TimeoutStopSec").get(0));
    assertThat(stop).isGreaterThan(config.shutdown().grace().toSeconds());
    assertThat(service.get("Service").get("ReadOnlyPaths")).contains(config.source().path());
  }

  @Test
  void drillTimerStartsTheDrillService() throws Exception {
    var timer = unit("pouch-drill.timer");
    assertThat(timer.get("Timer").get("Unit")).containsExactly("pouch-drill.service");
    assertThat(timer.get("Timer").get("OnCalendar")).isNotEmpty();
    var service = unit("pouch-drill.service");
    assertThat(service.get("Service").get("Type")).containsExactly("oneshot");
    List<String> args = pouchArgs(service.get("Service").get("ExecStart").get(0));
    assertThat(DeployFiles.parsePouch(args).subcommand().commandSpec().name()).isEqualTo("drill");
    String scratch = DeployFiles.optionValue(args, "--scratch");
    assertThat(service.get("Service").get("ReadWritePaths")).anyMatch(scratch::startsWith);
  }
}
