package dev.pouch.agent.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.agent.repository.SnapshotId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class RetentionPolicyTest {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final Instant NOW = Instant.parse("2024-11-20T12:00:00Z");

  static Instant at(String time) {
    return LocalDateTime.parse(time, TIME).toInstant(ZoneOffset.UTC);
  }

  static String show(Instant time) {
    return TIME.format(LocalDateTime.ofInstant(time, ZoneOffset.UTC));
  }

  static Candidate snapshot(int n, String time, String host) {
    return new Candidate(new SnapshotId(String.format("%064x", n)), at(time), host, "/var/lib/wombat");
  }

  static List<String> kept(RetentionPolicy policy, List<Candidate> snapshots, Instant now) {
    return policy.apply(snapshots, now).kept().stream().map(c -> show(c.time())).sorted().toList();
  }

  /** The checked-in restic 0.14 golden file: snapshot times, then per case the kept times. */
  private record Golden(List<Candidate> snapshots, Map<String, List<String>> cases) {}

  private static Golden golden() throws IOException {
    List<Candidate> snapshots = new ArrayList<>();
    Map<String, List<String>> cases = new LinkedHashMap<>();
    List<String> current = null;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        RetentionPolicyTest.class.getResourceAsStream("restic-0.14-golden.txt"), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        if (line.startsWith("snapshot ")) {
          snapshots.add(snapshot(snapshots.size(), line.substring("snapshot ".length()), "h"));
        } else if (line.startsWith("case ")) {
          current = new ArrayList<>();
          cases.put(line.substring("case ".length()), current);
        } else {
          current.add(line.trim());
        }
      }
    }
    return new Golden(snapshots, cases);
  }

  /** Parses restic's flags of one golden case into a policy. */
  static RetentionPolicy parse(String flags) {
    RetentionPolicy.Builder b = RetentionPolicy.builder();
    String[] words = flags.split(" ");
    for (int i = 0; i < words.length; i += 2) {
      String value = words[i + 1];
      switch (words[i]) {
        case "--keep-last" -> b.keepLast(Integer.parseInt(value));
        case "--keep-hourly" -> b.keepHourly(Integer.parseInt(value));
        case "--keep-daily" -> b.keepDaily(Integer.parseInt(value));
        case "--keep-weekly" -> b.keepWeekly(Integer.parseInt(value));
        case "--keep-monthly" -> b.keepMonthly(Integer.parseInt(value));
        case "--keep-yearly" -> b.keepYearly(Integer.parseInt(value));
        case "--keep-within" -> b.keepWithin(CalendarDuration.parse(value));
        default -> throw new IllegalArgumentException(words[i]);
      }
    }
    return b.build();
  }

  @TestFactory
  Stream<DynamicTest> keepsWhatRestic014Keeps() throws IOException {
    Golden golden = golden();
    assertThat(golden.snapshots()).hasSize(172);
    assertThat(golden.cases()).hasSizeGreaterThanOrEqualTo(16);
    return golden.cases().entrySet().stream().map(c -> DynamicTest.dynamicTest(c.getKey(), () ->
        assertThat(kept(parse(c.getKey()), golden.snapshots(), NOW)).containsExactlyElementsOf(c.getValue())));
  }

  @Test
  void theExampleInDocsRetentionHolds() {
    List<Candidate> s = List.of(
        snapshot(1, "2026-11-25 18:00:00", "h"), snapshot(2, "2026-11-25 09:00:00", "h"),
        snapshot(3, "2026-11-24 23:59:00", "h"), snapshot(4, "2026-11-23 10:00:00", "h"),
        snapshot(5, "2026-11-22 10:00:00", "h"), snapshot(6, "2026-11-21 10:00:00", "h"));
    RetentionPlan plan = RetentionPolicy.builder().keepDaily(2).keepWeekly(2).build().apply(s, NOW);
    assertThat(plan.groups().get(0).keep()).extracting(v -> show(v.snapshot().time()) + " " + v.reasons())
        .containsExactly("2026-11-25 18:00:00 [daily, weekly]", "2026-11-24 23:59:00 [daily]",
            "2026-11-22 10:00:00 [weekly]");
  }

  @Test
  void everySnapshotIsEitherKeptOrRemovedOnce() throws IOException {
    Golden golden = golden();
    RetentionPlan plan = parse("--keep-daily 7 --keep-weekly 4 --keep-monthly 6").apply(golden.snapshots(), NOW);
    assertThat(plan.kept().size() + plan.removals().size()).isEqualTo(golden.snapshots().size());
    assertThat(plan.kept()).doesNotContainAnyElementsOf(plan.removals());
    assertThat(plan.groups().get(0).keep()).allSatisfy(v -> assertThat(v.reasons()).isNotEmpty());
    assertThat(plan.groups().get(0).remove()).allSatisfy(v -> assertThat(v.reasons()).isEmpty());
  }

  @Test
  void reasonsNameEveryMatchingRule() {
    List<Candidate> s = List.of(snapshot(1, "2024-11-18 10:00:00", "h"), snapshot(2, "2024-11-19 10:00:00", "h"));
    RetentionPlan plan = RetentionPolicy.builder().keepLast(1).keepDaily(2).keepWithin(CalendarDuration.parse("1d"))
        .build().apply(s, NOW);
    assertThat(plan.groups().get(0).keep()).extracting(Verdict::reasons).containsExactly(
        List.of("within 1d", "last", "daily"), List.of("daily"));
  }

  @Test
  void groupsByHostAndSourceAreDecidedSeparately() {
    List<Candidate> s = List.of(
        snapshot(1, "2024-11-01 10:00:00", "db-0"), snapshot(2, "2024-11-02 10:00:00", "db-0"),
        snapshot(3, "2024-11-01 11:00:00", "db-1"), snapshot(4, "2024-10-02 10:00:00", "db-1"),
        new Candidate(new SnapshotId(String.format("%064x", 5)), at("2024-10-01 10:00:00"), "db-1", "/other"));
    RetentionPlan plan = RetentionPolicy.builder().keepLast(1).build().apply(s, NOW);
    assertThat(plan.groups()).extracting(g -> g.host() + ":" + g.source()).containsExactly(
        "db-0:/var/lib/wombat", "db-1:/other", "db-1:/var/lib/wombat");
    assertThat(kept(RetentionPolicy.builder().keepLast(1).build(), s, NOW))
        .containsExactly("2024-10-01 10:00:00", "2024-11-01 11:00:00", "2024-11-02 10:00:00");
  }

  @Test
  void retentionDaysKeepsTheWindowAndTheBaseBeforeIt() {
    // now = 2024-11-20 12:00; 3 days back = 2024-11-17 12:00
    List<Candidate> s = List.of(
        snapshot(1, "2024-11-10 00:00:00", "h"),
        snapshot(2, "2024-11-16 23:00:00", "h"),
        snapshot(3, "2024-11-17 12:00:00", "h"), // exactly at the boundary: not inside, but the base
        snapshot(4, "2024-11-17 12:00:01", "h"),
        snapshot(5, "2024-11-20 11:00:00", "h"));
    assertThat(kept(RetentionPolicy.builder().retentionDays(3).build(), s, NOW))
        .containsExactly("2024-11-17 12:00:00", "2024-11-17 12:00:01", "2024-11-20 11:00:00");
  }

  @Test
  void retentionDaysChoosesTheBaseByCaptureTime() {
    // 3 days back = 2024-11-17 12:00. Snapshot 2 started before the boundary but was captured after it: a restore to
    // 12:00:00 must start from snapshot 1, which the start times alone would have let go.
    SnapshotId one = new SnapshotId(String.format("%064x", 1));
    SnapshotId two = new SnapshotId(String.format("%064x", 2));
    List<Candidate> s = List.of(
        new Candidate(one, at("2024-11-17 09:00:00"), "h", "/d", at("2024-11-17 09:05:00")),
        new Candidate(two, at("2024-11-17 11:58:00"), "h", "/d", at("2024-11-17 12:03:00")),
        snapshot(3, "2024-11-20 11:00:00", "h"));
    RetentionPlan plan = RetentionPolicy.builder().retentionDays(3).build().apply(s, NOW);
    assertThat(plan.kept()).extracting(Candidate::id).contains(one, two);
    assertThat(plan.groups().get(0).keep()).filteredOn(v -> v.snapshot().id().equals(one))
        .flatExtracting(Verdict::reasons).containsExactly("retention-days 3 (base before the window)");
  }

  @Test
  void retentionDaysUnionWithOtherRules() {
    List<Candidate> s = List.of(
        snapshot(1, "2024-09-10 00:00:00", "h"),
        snapshot(2, "2024-10-16 23:00:00", "h"),
        snapshot(3, "2024-11-01 12:00:00", "h"),
        snapshot(4, "2024-11-19 12:00:00", "h"));
    assertThat(kept(RetentionPolicy.builder().retentionDays(10).keepMonthly(3).build(), s, NOW))
        .containsExactly("2024-09-10 00:00:00", "2024-10-16 23:00:00", "2024-11-01 12:00:00", "2024-11-19 12:00:00");
    assertThat(kept(RetentionPolicy.builder().retentionDays(10).keepMonthly(2).build(), s, NOW))
        .containsExactly("2024-10-16 23:00:00", "2024-11-01 12:00:00", "2024-11-19 12:00:00");
  }

  @Test
  void retentionDaysKeepsTheNewestEvenWhenAllAreOlderThanTheWindow() {
    List<Candidate> s = List.of(snapshot(1, "2024-01-01 00:00:00", "h"), snapshot(2, "2024-02-01 00:00:00", "h"));
    RetentionPlan plan = RetentionPolicy.builder().retentionDays(30).build().apply(s, NOW);
    assertThat(plan.kept()).extracting(c -> show(c.time())).containsExactly("2024-02-01 00:00:00");
    assertThat(plan.groups().get(0).keep().get(0).reasons())
        .containsExactly("retention-days 30 (base before the window)");
  }

  @Test
  void everyRuleKeepsTheNewestOfEachGroup() throws IOException {
    Golden golden = golden();
    Candidate newest = golden.snapshots().get(golden.snapshots().size() - 1);
    for (String flags : golden.cases().keySet()) {
      assertThat(parse(flags).apply(golden.snapshots(), NOW).kept()).as(flags).contains(newest);
    }
  }

  @Test
  void unlimitedKeepsTheNewestOfEveryPeriod() {
    List<Candidate> s = List.of(
        snapshot(1, "2024-11-01 10:00:00", "h"), snapshot(2, "2024-11-01 18:00:00", "h"),
        snapshot(3, "2024-11-02 10:00:00", "h"), snapshot(4, "2023-01-02 10:00:00", "h"));
    assertThat(kept(RetentionPolicy.builder().keepDaily(RetentionPolicy.UNLIMITED).build(), s, NOW))
        .containsExactly("2023-01-02 10:00:00", "2024-11-01 18:00:00", "2024-11-02 10:00:00");
  }

  @Test
  void emptyPolicyKeepsEverything() {
    List<Candidate> s = List.of(snapshot(1, "2024-11-01 10:00:00", "h"), snapshot(2, "2020-11-01 18:00:00", "h"));
    RetentionPolicy none = RetentionPolicy.builder().build();
    assertThat(none.isEmpty()).isTrue();
    assertThat(none.apply(s, NOW).removals()).isEmpty();
  }

  @Test
  void nothingToDecideIsAnEmptyPlan() {
    assertThat(RetentionPolicy.builder().keepLast(1).build().apply(List.of(), NOW).groups()).isEmpty();
  }

  @Test
  void invalidCountsAreRefused() {
    assertThatThrownBy(() -> RetentionPolicy.builder().keepDaily(-2).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetentionPolicy.builder().retentionDays(0).build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
