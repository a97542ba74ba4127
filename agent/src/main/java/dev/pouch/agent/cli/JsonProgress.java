package dev.pouch.agent.cli;

import dev.pouch.agent.backup.Progress;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Progress as JSON lines on stderr for {@code --json} (docs/json-output.md): one object per line, at most one a
 * second while work runs, plus one at the start and one at the end of each phase ({@code eta_seconds} is left out
 * while unknown). stdout stays the command's result alone.
 */
final class JsonProgress implements Progress {

  static final long INTERVAL_NANOS = 1_000_000_000L;

  private final PrintWriter err;
  private final LongSupplier nanoTime;
  private final com.fasterxml.jackson.databind.ObjectMapper mapper = dev.pouch.agent.repository.Json.mapper().copy()
      .disable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
  private String phase = "";
  private long totalBytes;
  private long totalItems;
  private long doneBytes;
  private long doneItems;
  private long startNanos;
  private long lastNanos;

  JsonProgress(PrintWriter err, LongSupplier nanoTime) {
    this.err = err;
    this.nanoTime = nanoTime;
  }

  @Override
  public void start(String phase, long totalBytes, long totalItems) {
    this.phase = phase;
    this.totalBytes = totalBytes;
    this.totalItems = totalItems;
    this.doneBytes = 0;
    this.doneItems = 0;
    this.startNanos = nanoTime.getAsLong();
    this.lastNanos = startNanos;
    emit(false);
  }

  @Override
  public void advance(long bytes) {
    doneBytes += bytes;
    maybeEmit();
  }

  @Override
  public void item(String name) {
    doneItems++;
    maybeEmit();
  }

  @Override
  public void finish() {
    emit(true);
  }

  private void maybeEmit() {
    long now = nanoTime.getAsLong();
    if (now - lastNanos >= INTERVAL_NANOS) {
      lastNanos = now;
      emit(false);
    }
  }

  private void emit(boolean done) {
    double seconds = Math.max(1e-9, (nanoTime.getAsLong() - startNanos) / 1e9);
    double rate = doneBytes / seconds;
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("type", "progress");
    line.put("phase", phase);
    line.put("bytes_done", doneBytes);
    line.put("bytes_total", totalBytes);
    line.put("items_done", doneItems);
    line.put("items_total", totalItems);
    line.put("elapsed_seconds", Math.round(seconds * 1000) / 1000.0);
    line.put("bytes_per_second", Math.round(rate));
    line.put("eta_seconds", rate > 0 && totalBytes > doneBytes ? Math.round((totalBytes - doneBytes) / rate) : null);
    line.put("done", done);
    try {
      err.println(mapper.writeValueAsString(line));
      err.flush();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render progress", e);
    }
  }
}
