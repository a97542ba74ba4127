package dev.pouch.bench.storage;

import dev.pouch.bench.harness.GcLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pouch backup} of a large directory into S3Proxy under {@code -Xmx256m} with a unified GC log, read for the
 * largest heap in use at the start of a collection ({@link GcLog}; with G1 this approaches the limit whenever the
 * heap is allowed to fill before collecting) and the largest heap still in use after one (what the backup really
 * holds on to).
 */
final class BackupHeap {

  /** What was measured; {@code peakHeapBytes} empty when no collection ran. */
  record Result(long sourceBytes, String maxHeap, int exitCode, double seconds, OptionalLong peakHeapBytes,
      OptionalLong peakAfterCollectionBytes, int collections, long bytesStored, String error) {}

  private static final Pattern TRANSITION = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

  /**
   * The largest heap in use right after an evacuating collection (G1 {@code Pause Young} or {@code Pause Full}; a
   * remark or cleanup pause frees little and would overstate it), in bytes; empty when none ran.
   */
  static OptionalLong peakAfterCollection(String log) {
    long peak = -1;
    for (String line : log.split("\n")) {
      if (!line.contains("Pause Young") && !line.contains("Pause Full")) {
        continue;
      }
      Matcher m = TRANSITION.matcher(line);
      if (!m.find()) {
        continue;
      }
      long n = Long.parseLong(m.group(3));
      peak = Math.max(peak, switch (m.group(4)) {
        case "K" -> n << 10;
        case "M" -> n << 20;
        default -> n << 30;
      });
    }
    return peak < 0 ? OptionalLong.empty() : OptionalLong.of(peak);
  }

  private final S3ProxyProcess server;
  private final PouchRun pouch;

  BackupHeap(S3ProxyProcess server, PouchRun pouch) {
    this.server = server;
    this.pouch = pouch;
  }

  Result run(Path source, long sourceBytes, String maxHeap) throws IOException, InterruptedException {
    String url = "s3://" + server.createBucket() + "/repo";
    pouch.run(List.of(), "init", "--repo", url).requireSuccess("init");
    Path gcLog = pouch.nextLog(".gc.log");
    PouchRun.Outcome backup = pouch.run(List.of("-Xmx" + maxHeap, "-Xlog:gc:file=" + gcLog), "backup", "--repo",
        url, "--host", "bench", "--json", source.toString());
    String log = Files.isRegularFile(gcLog) ? Files.readString(gcLog, StandardCharsets.UTF_8) : "";
    long stored = backup.exitCode() == 0
        ? dev.pouch.agent.repository.Json.mapper().readTree(backup.out()).path("summary").path("bytesStored").asLong()
        : -1;
    String error = backup.exitCode() == 0 ? "" : backup.err().lines().findFirst().orElse("");
    return new Result(sourceBytes, maxHeap, backup.exitCode(), backup.seconds(), GcLog.peakHeapBytes(log),
        peakAfterCollection(log), GcLog.collections(log), stored, error);
  }
}
