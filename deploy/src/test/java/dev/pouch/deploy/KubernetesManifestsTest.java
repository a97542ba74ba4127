package dev.pouch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pouch.agent.config.ConfigLoader;
import dev.pouch.agent.config.PouchConfig;
import dev.pouch.agent.pitr.TimeSpec;
import dev.pouch.agent.schedule.Schedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every manifest parses, and what they reference agrees with each other, the CLI, the config and the image. */
class KubernetesManifestsTest {

  static final String IMAGE = "pouch:" + System.getProperty("pouch.version", "0.1.0-SNAPSHOT");

  static Map<String, JsonNode> byName = new HashMap<>();
  static JsonNode secret;
  static String pouchYaml;

  @BeforeAll
  static void load() throws Exception {
    for (Path p : DeployFiles.kubernetesManifests()) {
      for (JsonNode doc : DeployFiles.documents(p)) {
        assertThat(doc.path("apiVersion").asText()).as(p + " apiVersion").isNotEmpty();
        assertThat(doc.path("kind").asText()).as(p + " kind").isNotEmpty();
        assertThat(doc.at("/metadata/name").asText()).as(p + " metadata.name").isNotEmpty();
        byName.put(doc.path("kind").asText() + "/" + doc.at("/metadata/name").asText(), doc);
      }
    }
    secret = byName.get("Secret/pouch-credentials");
    pouchYaml = byName.get("ConfigMap/pouch-config").at("/data/pouch.yaml").asText();
  }

  private static JsonNode podSpec(JsonNode workload) {
    return switch (workload.path("kind").asText()) {
      case "CronJob" -> workload.at("/spec/jobTemplate/spec/template/spec");
      default -> workload.at("/spec/template/spec");
    };
  }

  private static List<JsonNode> workloads() {
    return byName.values().stream().filter(d -> Set.of("StatefulSet", "Job", "CronJob", "Deployment")
        .contains(d.path("kind").asText())).toList();
  }

  private static JsonNode pouchContainer(JsonNode workload) {
    for (JsonNode c : podSpec(workload).path("containers")) {
      if (c.path("name").asText().equals("pouch")) {
        return c;
      }
    }
    throw new AssertionError("no pouch container in " + workload.at("/metadata/name"));
  }

  private static List<String> args(JsonNode container) {
    List<String> args = new ArrayList<>();
    container.path("args").forEach(a -> args.add(a.asText()));
    return args;
  }

  private static Map<String, String> mounts(JsonNode container) {
    Map<String, String> m = new HashMap<>();
    container.path("volumeMounts").forEach(v -> m.put(v.path("mountPath").asText(), v.path("name").asText()));
    return m;
  }

  private static PouchConfig sidecarConfig(JsonNode container) throws Exception {
    Map<String, String> env = new HashMap<>();
    container.path("env").forEach(e -> env.put(e.path("name").asText(), "value-of-" + e.path("name").asText()));
    return new ConfigLoader(env).parse(pouchYaml, "pouch-config/pouch.yaml").config();
  }

  @Test
  void everyPouchContainerUsesTheImageOfThisBuildAndARealCommandLine() {
    assertThat(workloads()).hasSize(4);
    for (JsonNode w : workloads()) {
      JsonNode c = pouchContainer(w);
      assertThat(c.path("image").asText()).as(w.at("/metadata/name").asText()).isEqualTo(IMAGE);
      var parsed = DeployFiles.parsePouch(args(c));
      assertThat(parsed.hasSubcommand()).as("args %s name a subcommand", args(c)).isTrue();
    }
  }

  @Test
  void everyMountNamesAVolumeAndEverySecretReferenceAKeyOfTheSecretTemplate() {
    Set<String> secretKeys = new HashSet<>();
    secret.path("stringData").fieldNames().forEachRemaining(secretKeys::add);
    for (JsonNode w : workloads()) {
      Set<String> volumes = new HashSet<>();
      podSpec(w).path("volumes").forEach(v -> volumes.add(v.path("name").asText()));
      w.at("/spec/volumeClaimTemplates").forEach(v -> volumes.add(v.at("/metadata/name").asText()));
      for (JsonNode c : podSpec(w).path("containers")) {
        c.path("volumeMounts").forEach(m -> assertThat(volumes).as("volume of mount %s", m).contains(
            m.path("name").asText()));
        for (JsonNode e : c.path("env")) {
          JsonNode ref = e.at("/valueFrom/secretKeyRef");
          if (!ref.isMissingNode()) {
            assertThat(ref.path("name").asText()).isEqualTo("pouch-credentials");
            assertThat(secretKeys).as("secret key of %s", e.path("name")).contains(ref.path("key").asText());
          }
        }
      }
      podSpec(w).path("volumes").forEach(v -> {
        if (v.has("secret")) {
          assertThat(v.at("/secret/secretName").asText()).isEqualTo("pouch-credentials");
          v.at("/secret/items").forEach(i -> assertThat(secretKeys).contains(i.path("key").asText()));
        }
      });
    }
  }

  @Test
  void sidecarReadsWombatsVolumeReadOnlyAtTheConfiguredSourcePath() throws Exception {
    JsonNode sts = byName.get("StatefulSet/wombat");
    JsonNode pouch = pouchContainer(sts);
    PouchConfig config = sidecarConfig(pouch);
    JsonNode dataMount = null;
    for (JsonNode m : pouch.path("volumeMounts")) {
      if (m.path("mountPath").asText().equals(config.source().path())) {
        dataMount = m;
      }
    }
    assertThat(dataMount).as("a mount at source.path %s", config.source().path()).isNotNull();
    assertThat(dataMount.path("readOnly").asBoolean()).isTrue();
    JsonNode wombat = podSpec(sts).path("containers").get(0);
    assertThat(wombat.path("name").asText()).isEqualTo("wombat");
    assertThat(mounts(wombat)).containsValue(dataMount.path("name").asText());
  }

  @Test
  void sidecarConfigFileAndPasswordFileAreWhereTheMountsPutThem() throws Exception {
    JsonNode pouch = pouchContainer(byName.get("StatefulSet/wombat"));
    List<String> args = args(pouch);
    assertThat(args.subList(0, 1)).containsExactly("run");
    Path configPath = Path.of(DeployFiles.optionValue(args, "--config"));
    Map<String, String> mounts = mounts(pouch);
    assertThat(mounts.get(configPath.getParent().toString())).isEqualTo("pouch-config");
    assertThat(byName.get("ConfigMap/pouch-config").at("/data").has(configPath.getFileName().toString())).isTrue();
    PouchConfig config = sidecarConfig(pouch);
    Path password = Path.of(config.repository().passwordFile());
    assertThat(mounts.get(password.getParent().toString())).isEqualTo("pouch-secret");
    List<String> items = new ArrayList<>();
    podSpec(byName.get("StatefulSet/wombat")).path("volumes").forEach(v -> v.at("/secret/items")
        .forEach(i -> items.add(i.path("path").asText())));
    assertThat(items).contains(password.getFileName().toString());
  }

  @Test
  void everyVariableThePouchYamlNamesIsSetInTheSidecar() {
    JsonNode pouch = pouchContainer(byName.get("StatefulSet/wombat"));
    Set<String> env = new HashSet<>();
    pouch.path("env").forEach(e -> env.add(e.path("name").asText()));
    Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)").matcher(pouchYaml);
    while (m.find()) {
      assertThat(env).as("${%s} in pouch.yaml", m.group(1)).contains(m.group(1));
    }
  }

  @Test
  void metricsPortProbesAndScrapeAnnotationsMatchMonitoringListen() throws Exception {
    JsonNode sts = byName.get("StatefulSet/wombat");
    JsonNode pouch = pouchContainer(sts);
    int port = sidecarConfig(pouch).monitoring().listen().port();
    JsonNode metricsPort = pouch.path("ports").get(0);
    assertThat(metricsPort.path("containerPort").asInt()).isEqualTo(port);
    String portName = metricsPort.path("name").asText();
    assertThat(sts.at("/spec/template/metadata/annotations/prometheus.io~1port").asText())
        .isEqualTo(String.valueOf(port));
    assertThat(sts.at("/spec/template/metadata/annotations/prometheus.io~1path").asText()).isEqualTo("/metrics");
    int probes = 0;
    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      JsonNode get = pouch.path(probe).path("httpGet");
      if (get.isMissingNode()) {
        continue;
      }
      probes++;
      assertThat(get.path("path").asText()).isIn("/healthz", "/readyz");
      assertThat(get.path("port").asText()).isIn(portName, String.valueOf(port));
    }
    assertThat(pouch.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(probes).isGreaterThanOrEqualTo(2);
    assertThat(sts.at("/spec/template/spec/terminationGracePeriodSeconds").asLong())
        .isGreaterThan(sidecarConfig(pouch).shutdown().grace().toSeconds());
  }

  @Test
  void restoreJobRestoresIntoAMountedVolumeAndNeverRetries() {
    JsonNode job = byName.get("Job/pouch-restore");
    List<String> args = args(pouchContainer(job));
    assertThat(args.get(0)).isEqualTo("restore");
    assertThat(mounts(pouchContainer(job))).containsKey(DeployFiles.optionValue(args, "--target"));
    assertThat(job.at("/spec/backoffLimit").asInt()).isZero();
    assertThat(podSpec(job).path("restartPolicy").asText()).isEqualTo("Never");
  }

  @Test
  void pointInTimeRestoreJobNamesAValidTimeAndRestoresIntoAMountedVolume() {
    JsonNode job = byName.get("Job/pouch-restore-at");
    List<String> args = args(pouchContainer(job));
    assertThat(args.get(0)).isEqualTo("restore");
    TimeSpec.parse(DeployFiles.optionValue(args, "--at"), java.time.Instant.now());
    assertThat(mounts(pouchContainer(job))).containsKey(DeployFiles.optionValue(args, "--target"));
    assertThat(job.at("/spec/backoffLimit").asInt()).isZero();
  }

  @Test
  void continuousShippingCanReachWombatsUnlinkedWalThroughProc() throws Exception {
    JsonNode sts = byName.get("StatefulSet/wombat");
    JsonNode pod = podSpec(sts);
    PouchConfig config = sidecarConfig(pouchContainer(sts));
    assertThat(config.schedule().continuous()).isNotNull();
    // /proc/<wombat pid>/fd is visible only in a shared process namespace, and opens only for the same user
    assertThat(pod.path("shareProcessNamespace").asBoolean()).isTrue();
    JsonNode wombat = pod.path("containers").get(0);
    assertThat(runAsUser(pod, wombat)).isNotNull().isEqualTo(runAsUser(pod, pouchContainer(sts)));
  }

  @Test
  void theSidecarCopiesOffsiteAndCleansUpByRetention() throws Exception {
    PouchConfig config = sidecarConfig(pouchContainer(byName.get("StatefulSet/wombat")));
    assertThat(config.copies()).anyMatch(c -> "offsite".equals(c.site()));
    assertThat(config.schedule().cleanup()).isNotNull();
    assertThat(config.retention().configured()).isTrue();
  }

  /** A container's user: its own securityContext, else the pod's. */
  private static String runAsUser(JsonNode pod, JsonNode container) {
    JsonNode own = container.at("/securityContext/runAsUser");
    JsonNode user = own.isMissingNode() ? pod.at("/securityContext/runAsUser") : own;
    return user.isMissingNode() ? null : user.asText();
  }

  @Test
  void drillCronJobHasAValidScheduleAndMountsWhereItWrites() {
    JsonNode cron = byName.get("CronJob/pouch-drill");
    Schedule.parse(cron.at("/spec/schedule").asText(), ZoneId.of("UTC"));
    JsonNode c = pouchContainer(cron);
    List<String> args = args(c);
    assertThat(args.get(0)).isEqualTo("drill");
    Map<String, String> mounts = mounts(c);
    assertThat(mounts).containsKey(DeployFiles.optionValue(args, "--scratch"));
    assertThat(mounts).containsKey(Path.of(DeployFiles.optionValue(args, "--report")).getParent().toString());
    assertThat(mounts).containsKey(Path.of(DeployFiles.optionValue(args, "--json")).getParent().toString());
  }

  @Test
  void everyPouchContainerRunsAsTheImagesNonRootUserWithAWritableTmp() throws Exception {
    String uid = DockerfileTest.runtimeUser().split(":")[0];
    for (JsonNode w : workloads()) {
      JsonNode c = pouchContainer(w);
      assertThat(c.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
      assertThat(c.at("/securityContext/runAsUser").asText()).isEqualTo(uid);
      assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
      assertThat(mounts(c)).containsKey("/tmp");
    }
    assertThat(Files.exists(DeployFiles.file("kubernetes/secret-template.yaml"))).isTrue();
  }
}
