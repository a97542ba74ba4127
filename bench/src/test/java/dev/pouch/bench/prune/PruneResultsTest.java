package dev.pouch.bench.prune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PruneResultsTest {

  @Test
  void rendersMeasuredFiguresAndDashesForTheRest() {
    Map<String, Long> requests = new LinkedHashMap<>();
    requests.put("list", 6L);
    requests.put("open", 3001L);
    requests.put("total", 3007L);
    PruneRun inProcess = new PruneRun("pouch prune (in process)", 3000, 12.345, 20.5, null, requests,
        Map.of("data/", 1L), 5L << 20, 1L << 20, null, "deleted 3", List.of());
    PruneRun restic = new PruneRun("restic prune + strace", 300, 2, 1.5, 70L << 20, null, null, null, null,
        Map.of("openat", 1200L), null, List.of());

    String table = PruneResults.table(List.of(inProcess, restic));

    assertThat(table.lines().toList()).hasSize(4);
    assertThat(table).contains("| pouch prune (in process) | 3,000 | 12.35 | 20.50 | – | 3,007 (list 6, open 3,001) "
        + "| `data/` 1 | 5.0 MiB / 1.0 MiB | – | deleted 3 |");
    assertThat(table).contains("| restic prune + strace | 300 | 2.00 | 1.50 | 70 | – | – | – | `openat` 1,200 | – |");
  }
}
