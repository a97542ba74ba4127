package dev.pouch.bench.dataset;

import dev.pouch.wombat.simulator.GenerateResult;
import dev.pouch.wombat.simulator.WombatSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A data directory written by the Wombat simulator's bulk generator ({@link WombatSimulator#generate}): byte-exact
 * Wombat files (zlib SST blocks, compressed large values, preallocated WALs and value logs) produced by running the
 * workload until about {@code totalBytes} were written. Rewrites count, so an SST-heavy directory ends smaller than
 * the bytes written.
 */
public final class SimulatedDataSet {

  private SimulatedDataSet() {}

  public static WombatDataSet.Generated generate(Path dir, long totalBytes, Mix mix, long seed) throws IOException {
    Files.createDirectories(dir);
    GenerateResult result = WombatSimulator.generate(dir, totalBytes, simulatorMix(mix), seed);
    List<String> names = result.files().stream().map(p -> p.getFileName().toString()).toList();
    return new WombatDataSet.Generated(dir, count(names, ".sst"), count(names, ".dat"), count(names, ".log"),
        WombatDataSet.directoryBytes(dir));
  }

  static dev.pouch.wombat.simulator.Mix simulatorMix(Mix mix) {
    return switch (mix) {
      case MIXED -> dev.pouch.wombat.simulator.Mix.BALANCED;
      case SST_HEAVY -> dev.pouch.wombat.simulator.Mix.SST_HEAVY;
      case VLOG_HEAVY -> dev.pouch.wombat.simulator.Mix.VLOG_HEAVY;
      case WAL_HEAVY -> dev.pouch.wombat.simulator.Mix.WAL_HEAVY;
    };
  }

  private static int count(List<String> names, String suffix) {
    return (int) names.stream().filter(n -> n.endsWith(suffix)).count();
  }
}
