package dev.pouch.bench.storage;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageException;
import dev.pouch.storage.s3.S3StorageBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Uploads one object of {@code objectBytes} through {@link S3StorageBackend} for every combination of part size and
 * concurrency (multipart from the first part on), {@code repetitions} times each, and reports the median. The content
 * is random (incompressible), held in memory, so the figure is storage path only: SDK, HTTP, S3Proxy, its disk.
 */
final class UploadThroughput {

  /**
   * One combination's result.
   *
   * @param seconds the wall time of each repetition
   * @param requests requests per upload: create, one per part, complete
   */
  record Result(long partBytes, int concurrency, long objectBytes, double[] seconds, int requests) {

    double medianSeconds() {
      double[] sorted = seconds.clone();
      Arrays.sort(sorted);
      return sorted[sorted.length / 2];
    }

    double mibPerSecond() {
      return objectBytes / (1024.0 * 1024) / medianSeconds();
    }
  }

  private final S3ProxyProcess server;

  UploadThroughput(S3ProxyProcess server) {
    this.server = server;
  }

  List<Result> run(long objectBytes, List<Long> partSizes, List<Integer> concurrencies, int repetitions)
      throws StorageException {
    byte[] content = new byte[Math.toIntExact(objectBytes)];
    new SplittableRandom(6).nextBytes(content);
    String bucket = server.createBucket();
    upload(bucket, content, 8L << 20, 4); // warm-up: JIT, connection pool, S3Proxy's own start-up
    List<Result> results = new ArrayList<>();
    for (long part : partSizes) {
      for (int concurrency : concurrencies) {
        double[] seconds = new double[repetitions];
        for (int i = 0; i < repetitions; i++) {
          seconds[i] = upload(bucket, content, part, concurrency);
        }
        results.add(new Result(part, concurrency, objectBytes, seconds, parts(objectBytes, part) + 2));
      }
    }
    return results;
  }

  static int parts(long objectBytes, long partBytes) {
    return Math.toIntExact((objectBytes + partBytes - 1) / partBytes);
  }

  private double upload(String bucket, byte[] content, long part, int concurrency) throws StorageException {
    try (S3StorageBackend s3 = S3StorageBackend.create(server.configFor(bucket).partSizeBytes(part)
        .multipartThresholdBytes(part).uploadConcurrency(concurrency).build())) {
      BlobKey key = BlobKey.of("object-" + part + "-" + concurrency);
      long start = System.nanoTime();
      s3.put(key, BlobContent.of(content), PutMode.CREATE_OR_REPLACE);
      double seconds = (System.nanoTime() - start) / 1e9;
      s3.delete(key);
      return seconds;
    }
  }
}
