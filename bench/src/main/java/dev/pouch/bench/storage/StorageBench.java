package dev.pouch.bench.storage;

import dev.pouch.wombat.simulator.GenerateResult;
import dev.pouch.wombat.simulator.Mix;
import dev.pouch.wombat.simulator.WombatSimulator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the storage benchmark against S3Proxy on localhost and prints a Markdown report (also written to
 * {@code <work>/storage-bench.md}).
 *
 * <pre>
 * java -Xmx2g -cp bench/target/benchmarks.jar dev.pouch.bench.storage.StorageBench \
 *   --s3proxy-jar integration-tests/target/test-servers/s3proxy.jar --pouch-jar agent/target/pouch.jar \
 *   --work /tmp/pouch-storage-bench [--only upload,requests,heap] [--upload-mib 256] [--repetitions 3] \
 *   [--backup-gib 1] [--heap-gib 2] [--heap 256m]
 * </pre>
 */
public final class StorageBench {

  private static final char[] PASSWORD = "storage bench password".toCharArray();

  private StorageBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    Path work = Files.createDirectories(Path.of(options.getOrDefault("--work", "/tmp/pouch-storage-bench")));
    Path javaBin = Path.of(options.getOrDefault("--java",
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    Path s3proxyJar = Path.of(required(options, "--s3proxy-jar"));
    Path pouchJar = Files.copy(Path.of(required(options, "--pouch-jar")), work.resolve("pouch.jar"),
        StandardCopyOption.REPLACE_EXISTING); // a rebuild during the run must not change it
    Set<String> only = Set.of(options.getOrDefault("--only", "upload,requests,heap").split(","));
    List<String> report = new ArrayList<>();
    report.add("Storage benchmark, " + Instant.now() + ", load average at start "
        + Files.readString(Path.of("/proc/loadavg")).strip());
    try (S3ProxyProcess server = S3ProxyProcess.start(javaBin, s3proxyJar, work)) {
      Map<String, String> env = new java.util.HashMap<>(server.cliEnvironment());
      env.put("POUCH_PASSWORD", new String(PASSWORD));
      PouchRun pouch = new PouchRun(javaBin, pouchJar, work.resolve("logs"), env);
      if (only.contains("upload")) {
        long bytes = Long.parseLong(options.getOrDefault("--upload-mib", "256")) << 20;
        int repetitions = Integer.parseInt(options.getOrDefault("--repetitions", "3"));
        List<UploadThroughput.Result> results = new UploadThroughput(server).run(bytes,
            List.of(5L << 20, 8L << 20, 16L << 20, 32L << 20), List.of(1, 2, 4, 8), repetitions);
        report.add("### Upload of one " + (bytes >> 20) + " MiB object (median of " + repetitions + ")\n\n"
            + StorageReport.throughput(results));
      }
      if (only.contains("requests")) {
        GenerateResult data = generate(work.resolve("data-requests"),
            (long) (Double.parseDouble(options.getOrDefault("--backup-gib", "1")) * (1L << 30)), 21);
        BackupRequests.Result result = new BackupRequests(server, pouch, PASSWORD).run(data.dir(), data.fileBytes());
        report.add("### Requests of a backup\n\n" + StorageReport.requests(result));
      }
      if (only.contains("heap")) {
        GenerateResult data = generate(work.resolve("data-heap"),
            (long) (Double.parseDouble(options.getOrDefault("--heap-gib", "2")) * (1L << 30)), 22);
        BackupHeap.Result result = new BackupHeap(server, pouch).run(data.dir(), data.fileBytes(),
            options.getOrDefault("--heap", "256m"));
        report.add("### Heap of a large backup\n\n" + StorageReport.heap(result));
      }
    }
    String text = String.join("\n\n", report) + "\n";
    Files.writeString(work.resolve("storage-bench.md"), text, StandardCharsets.UTF_8);
    new PrintStream(System.out, true, StandardCharsets.UTF_8).print(text);
  }

  /**
   * Generates Wombat data of about {@code fileBytes} in files. The simulator's target counts every byte written,
   * rewrites and deleted files included (2 GiB written leaves about 1.3 GiB of files), so a first attempt that
   * falls short is redone with the target scaled up by what was missing.
   */
  private static GenerateResult generate(Path dir, long fileBytes, long seed) throws IOException {
    long target = fileBytes;
    GenerateResult result = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      if (Files.isDirectory(dir)) {
        deleteTree(dir);
      }
      result = WombatSimulator.generate(dir, target, Mix.BALANCED, seed);
      System.err.printf("generated %s in %d files (%s written)%n", StorageReport.size(result.fileBytes()),
          result.files().size(), StorageReport.size(result.bytesWritten()));
      if (result.fileBytes() >= fileBytes * 0.97) {
        break;
      }
      target = (long) (target * (fileBytes * 1.02 / result.fileBytes()));
    }
    return result;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> out = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value pairs, got " + args[i]);
      }
      out.put(args[i], args[i + 1]);
    }
    return out;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }
}
