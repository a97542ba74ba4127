package dev.pouch.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The machine a run happened on, for the results: cores, CPU model, memory, the filesystem of the work directory,
 * and the versions of the JDK and of each tool.
 */
public record Machine(int cores, String cpuModel, long memoryBytes, String workFilesystem, String jdk,
    Map<String, String> toolVersions) {

  public Machine {
    toolVersions = Map.copyOf(toolVersions);
  }

  static Machine describe(Path workDirectory, String jdk, Map<String, String> toolVersions) throws IOException {
    String cpu = "unknown";
    long memory = -1;
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.isReadable(cpuinfo)) {
      cpu = firstValue(Files.readAllLines(cpuinfo, StandardCharsets.UTF_8), "model name");
    }
    Path meminfo = Path.of("/proc/meminfo");
    if (Files.isReadable(meminfo)) {
      String total = firstValue(Files.readAllLines(meminfo, StandardCharsets.UTF_8), "MemTotal");
      memory = Long.parseLong(total.replace("kB", "").trim()) * 1024;
    }
    var store = Files.getFileStore(workDirectory);
    return new Machine(Runtime.getRuntime().availableProcessors(), cpu, memory,
        store.type() + " (" + store.name() + ")", jdk, toolVersions);
  }

  private static String firstValue(List<String> lines, String key) {
    for (String line : lines) {
      if (line.startsWith(key)) {
        int colon = line.indexOf(':');
        return line.substring(colon + 1).trim();
      }
    }
    return "unknown";
  }
}
