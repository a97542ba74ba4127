package dev.pouch.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final Instant HOUR_AGO = NOW.minusSeconds(3600);
  private static final CopyTarget PRIMARY = new CopyTarget("/backup/wombat", "disk", "onsite");
  private static final CopyTarget GCS_OFFSITE = CopyTarget.parse("gs://dr/wombat:gcs:offsite");
  private static final CopyTarget NFS_ONSITE = CopyTarget.parse("/mnt/nfs/wombat:nfs:onsite");
  private static final CopyTarget DISK_OFFSITE = CopyTarget.parse("/mnt/usb/wombat:disk:offsite");

  private final PolicyEvaluator evaluator = new PolicyEvaluator(Optional.empty());

  private static Observation at(CopyTarget where, Instant time) {
    return Observation.of(where, "a".repeat(64), time);
  }

  @Test
  void primaryPlusOneOffsiteCopyOnAnotherMediumHolds() {
    PolicyReport r = evaluator.evaluate(at(PRIMARY, HOUR_AGO), List.of(at(GCS_OFFSITE, HOUR_AGO)), NOW);
    assertThat(r.satisfied()).isTrue();
    assertThat(r.reasons()).isEmpty();
    assertThat(r.copies()).isEqualTo(3);
    assertThat(r.media()).containsExactly("disk", "gcs");
    assertThat(r.offsite()).isEqualTo(1);
    assertThat(r.targets().get(0).age()).isEqualTo(Duration.ofHours(1));
    assertThat(r.targets().get(0).lag()).isEqualTo(Duration.ZERO);
  }

  /** One row per situation: targets, whether 3-2-1 holds, and a word every reason list must contain. */
  @Test
  void tableOfSituations() {
    record Row(List<Observation> targets, boolean holds, String reason) {}
    List<Row> rows = List.of(
        new Row(List.of(), false, "2 copies"),
        new Row(List.of(at(NFS_ONSITE, HOUR_AGO)), false, "offsite"),
        new Row(List.of(at(DISK_OFFSITE, HOUR_AGO)), false, "medium 'disk'"),
        new Row(List.of(at(NFS_ONSITE, HOUR_AGO), at(DISK_OFFSITE, HOUR_AGO)), true, null),
        new Row(List.of(Observation.empty(GCS_OFFSITE)), false, "no snapshot copied yet"),
        new Row(List.of(Observation.failed(GCS_OFFSITE, "connection refused")), false, "unreachable: connection "
            + "refused"),
        new Row(List.of(at(GCS_OFFSITE, HOUR_AGO), Observation.failed(NFS_ONSITE, "gone")), true, null));
    for (Row row : rows) {
      PolicyReport r = evaluator.evaluate(at(PRIMARY, HOUR_AGO), row.targets(), NOW);
      assertThat(r.satisfied()).as(row.toString()).isEqualTo(row.holds());
      if (row.reason() != null) {
        assertThat(String.join("; ", r.reasons())).as(row.toString()).contains(row.reason());
      }
    }
  }

  @Test
  void aPrimaryWithoutSnapshotsDoesNotCount() {
    PolicyReport r = evaluator.evaluate(Observation.empty(PRIMARY), List.of(at(GCS_OFFSITE, HOUR_AGO),
        at(NFS_ONSITE, HOUR_AGO)), NOW);
    assertThat(r.satisfied()).isFalse();
    assertThat(r.reasons().get(0)).contains("primary", "no snapshot yet");
  }

  @Test
  void aTargetTooFarBehindDoesNotCountWhenAMaximumLagIsSet() {
    Instant threeDaysAgo = NOW.minus(Duration.ofDays(3));
    List<Observation> targets = List.of(at(GCS_OFFSITE, threeDaysAgo));
    assertThat(evaluator.evaluate(at(PRIMARY, HOUR_AGO), targets, NOW).satisfied()).isTrue();
    PolicyReport strict = new PolicyEvaluator(Optional.of(Duration.ofDays(1))).evaluate(at(PRIMARY, HOUR_AGO),
        targets, NOW);
    assertThat(strict.satisfied()).isFalse();
    assertThat(strict.targets().get(0).lag()).isEqualTo(Duration.ofDays(3).minusHours(1));
    assertThat(strict.targets().get(0).note()).contains("2d23h behind", "1d0h allowed");
  }

  @Test
  void parsesUrlsThatContainColons() {
    assertThat(CopyTarget.parse("s3://bucket/prefix:S3:Offsite"))
        .isEqualTo(new CopyTarget("s3://bucket/prefix", "s3", "offsite"));
    assertThat(CopyTarget.parse("file:/srv/b:disk:onsite").url()).isEqualTo("file:/srv/b");
    for (String bad : List.of("/srv/b", "/srv/b:disk", ":disk:onsite", "/srv/b::onsite")) {
      assertThatThrownBy(() -> CopyTarget.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void mediumFollowsTheUrlScheme() {
    assertThat(CopyTarget.mediumOf("s3://b/p")).isEqualTo("s3");
    assertThat(CopyTarget.mediumOf("gs://b/p")).isEqualTo("gcs");
    assertThat(CopyTarget.mediumOf("azure://c/p")).isEqualTo("azure");
    assertThat(CopyTarget.mediumOf("/srv/backup")).isEqualTo("disk");
  }
}
