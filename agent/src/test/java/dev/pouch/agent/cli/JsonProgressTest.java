package dev.pouch.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pouch.agent.repository.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonProgressTest {

  private long nanos;
  private final StringWriter err = new StringWriter();
  private final JsonProgress progress = new JsonProgress(new PrintWriter(err), () -> nanos);

  private List<JsonNode> lines() throws Exception {
    return err.toString().lines().map(l -> {
      try {
        return Json.mapper().readTree(l);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + l, e);
      }
    }).toList();
  }

  @Test
  void oneLineAtStartAtMostOneASecondAndOneAtTheEnd() throws Exception {
    progress.start("backup", 1000, 10);
    for (int i = 0; i < 10; i++) {
      nanos += 300_000_000L; // 0.3 s per item: a line every fourth item
      progress.item("f" + i);
      progress.advance(100);
    }
    progress.finish();
    List<JsonNode> lines = lines();
    assertThat(lines).hasSize(1 + 2 + 1);
    assertThat(lines.get(0).get("phase").asText()).isEqualTo("backup");
    assertThat(lines.get(1).get("bytes_done").asLong()).isEqualTo(300);
    assertThat(lines.get(1).get("eta_seconds").asLong()).isEqualTo(3); // 700 bytes left at 250 B/s
    JsonNode last = lines.get(lines.size() - 1);
    assertThat(last.get("done").asBoolean()).isTrue();
    assertThat(last.get("bytes_done").asLong()).isEqualTo(1000);
    assertThat(last.get("items_done").asLong()).isEqualTo(10);
    assertThat(last.has("eta_seconds")).isFalse();
  }

  @Test
  void nothingWhenNotATerminalUnlessForced() {
    StringWriter out = new StringWriter();
    Context quiet = new Context(new PrintWriter(out), new PrintWriter(err), java.util.Map.of(),
        java.time.Clock.systemUTC(), new java.security.SecureRandom(), false);
    assertThat(TerminalProgress.of(quiet, true)).isSameAs(dev.pouch.agent.backup.Progress.NONE);
    Context forced = new Context(new PrintWriter(out), new PrintWriter(err), java.util.Map.of("POUCH_PROGRESS",
        "json"), java.time.Clock.systemUTC(), new java.security.SecureRandom(), false);
    assertThat(TerminalProgress.of(forced, false)).isInstanceOf(JsonProgress.class);
    Context terminal = new Context(new PrintWriter(out), new PrintWriter(err), java.util.Map.of(),
        java.time.Clock.systemUTC(), new java.security.SecureRandom(), true);
    assertThat(TerminalProgress.of(terminal, true)).isInstanceOf(JsonProgress.class);
    assertThat(TerminalProgress.of(terminal, false)).isInstanceOf(TerminalProgress.class);
  }
}
