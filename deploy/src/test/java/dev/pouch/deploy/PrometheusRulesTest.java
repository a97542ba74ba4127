package dev.pouch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pouch.agent.monitoring.AlertKind;
import dev.pouch.agent.monitoring.PouchMetrics;
import dev.pouch.agent.monitoring.StorageMetricsCollector;
import dev.pouch.storage.metering.StorageMeter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PrometheusRulesTest {

  /**
   * Every sample name pouch exposes, read from a real scrape of its registry; with one copy target configured, as
   * the per-target series exist only then.
   */
  static Set<String> exposedNames() {
    PouchMetrics metrics = new PouchMetrics();
    StorageMetricsCollector.register(metrics, "local", new StorageMeter());
    metrics.copyTarget("gs://dr/wombat");
    Set<String> names = new HashSet<>();
    for (String line : metrics.text().lines().toList()) {
      if (!line.isBlank() && !line.startsWith("#")) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    return names;
  }

  static JsonNode rules() throws Exception {
    return DeployFiles.documents(DeployFiles.file("prometheus/pouch-rules.yml")).get(0);
  }

  @Test
  void everyMetricARuleUsesIsExposedByPouch() throws Exception {
    Set<String> exposed = exposedNames();
    Pattern metric = Pattern.compile("\\bpouch_[a-z0-9_]+");
    int checked = 0;
    for (JsonNode group : rules().path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        Matcher m = metric.matcher(rule.path("expr").asText());
        while (m.find()) {
          assertThat(exposed).as("metric %s of %s", m.group(), rule.path("alert").asText()).contains(m.group());
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(10);
  }

  @Test
  void theSeedsAlertsAreAllThere() throws Exception {
    Set<String> alerts = new HashSet<>();
    rules().at("/groups/0/rules").forEach(r -> alerts.add(r.path("alert").asText()));
    for (AlertKind kind : AlertKind.values()) {
      assertThat(alerts).contains(kind.ruleName());
    }
  }

  @Test
  void walShippingAndThreeTwoOneHaveRulesOnTheirMetrics() throws Exception {
    Map<String, String> exprs = new HashMap<>();
    rules().at("/groups/0/rules").forEach(r -> exprs.put(r.path("alert").asText(), r.path("expr").asText()));
    assertThat(exprs.get("PouchWalShippingLagging")).contains("pouch_wal_shipping_lag_seconds");
    assertThat(exprs.get("Pouch321NotSatisfied")).contains("pouch_policy_321_satisfied == 0");
    assertThat(exprs.get("PouchCopyLagging")).contains("pouch_copy_lag_seconds");
  }

  @Test
  void theOperatorResourceCarriesTheSameRules() throws Exception {
    JsonNode crd = DeployFiles.documents(DeployFiles.file("kubernetes/prometheus-rule.yaml")).get(0);
    assertThat(crd.path("kind").asText()).isEqualTo("PrometheusRule");
    assertThat(crd.at("/spec/groups")).isEqualTo(rules().path("groups"));
  }

  @Test
  void designMetricNamesAreExposed() {
    assertThat(exposedNames()).containsAll(List.of("pouch_backup_last_success_timestamp_seconds",
        "pouch_backup_duration_seconds", "pouch_backups_total", "pouch_backup_bytes_read_total",
        "pouch_backup_bytes_added_total", "pouch_backup_bytes_stored_total", "pouch_storage_requests_total",
        "pouch_wal_shipping_lag_seconds", "pouch_policy_321_satisfied", "pouch_drill_last_success_timestamp_seconds",
        "pouch_copy_lag_seconds", "pouch_wal_pieces_shipped_total", "pouch_copies_total"));
  }
}
