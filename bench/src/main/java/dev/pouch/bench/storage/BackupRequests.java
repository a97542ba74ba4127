package dev.pouch.bench.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pouch.agent.backup.BackupRequest;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.capture.CaptureOptions;
import dev.pouch.agent.capture.WombatCapture;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.repository.Json;
import dev.pouch.agent.repository.Repository;
import dev.pouch.storage.Sleeper;
import dev.pouch.storage.s3.S3StorageBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real {@code pouch backup --json} of a directory into a fresh S3Proxy bucket, then a second one of the unchanged
 * directory, with the requests each sent (the CLI's meter sits right above the S3 adapter, so retries count); then one
 * more backup in this JVM through {@link ListingOrigins}, to say which agent code lists what.
 */
final class BackupRequests {

  /**
   * What was measured.
   *
   * @param first requests of the first backup by operation, and {@code total}
   * @param unchanged requests of a backup of the unchanged directory
   */
  record Result(long sourceBytes, long bytesAdded, long bytesStored, int packs, double seconds,
      Map<String, Long> first, Map<String, Long> unchanged, List<ListingOrigins.Listing> listings) {

    /** PUT requests per 8 MiB of new data stored (goal: at most 1). */
    double putsPer8MiB() {
      return first.getOrDefault("put", 0L) / (bytesStored / (8.0 * 1024 * 1024));
    }

    /** Requests per GiB stored, by operation. */
    Map<String, Double> perGiB() {
      Map<String, Double> out = new LinkedHashMap<>();
      first.forEach((op, n) -> out.put(op, n / (bytesStored / (1024.0 * 1024 * 1024))));
      return out;
    }
  }

  private final S3ProxyProcess server;
  private final PouchRun pouch;
  private final char[] password;

  BackupRequests(S3ProxyProcess server, PouchRun pouch, char[] password) {
    this.server = server;
    this.pouch = pouch;
    this.password = password.clone();
  }

  Result run(Path source, long sourceBytes) throws IOException, InterruptedException {
    String bucket = server.createBucket();
    String url = "s3://" + bucket + "/repo";
    pouch.run(List.of(), "init", "--repo", url).requireSuccess("init");
    PouchRun.Outcome first = pouch.run(List.of(), "backup", "--repo", url, "--host", "bench", "--json",
        source.toString()).requireSuccess("backup");
    JsonNode json = Json.mapper().readTree(first.out());
    JsonNode summary = json.path("summary");
    PouchRun.Outcome again = pouch.run(List.of(), "backup", "--repo", url, "--host", "bench", "--json",
        source.toString()).requireSuccess("second backup");
    return new Result(sourceBytes, summary.path("bytesAdded").asLong(), summary.path("bytesStored").asLong(),
        summary.path("packsWritten").asInt(), first.seconds(), requests(json), requests(
            Json.mapper().readTree(again.out())), listings(bucket, source));
  }

  private static Map<String, Long> requests(JsonNode backup) {
    Map<String, Long> out = new LinkedHashMap<>();
    backup.path("requests").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
    return out;
  }

  private List<ListingOrigins.Listing> listings(String bucket, Path source) throws IOException {
    try (ListingOrigins recorded = new ListingOrigins(S3StorageBackend.create(server.configFor(bucket)
        .prefix("repo").build()))) {
      Repository repository = Repository.open(recorded, password, Clock.systemUTC(), new SecureRandom());
      new dev.pouch.agent.backup.BackupService(repository,
          new LockService(repository, "bench", ProcessHandle.current().pid()),
          new WombatCapture(CaptureOptions.defaults(), Sleeper.system(), Clock.systemUTC()))
          .run(BackupRequest.of(source, "bench"), Progress.NONE);
      return recorded.listings();
    }
  }
}
