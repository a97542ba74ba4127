package dev.pouch.wombat.simulator;

/**
 * What {@link WombatSimulator#step()} does, as relative weights and value shapes.
 *
 * @param putWeight single puts ({@code DB.set})
 * @param deleteWeight deletes ({@code DB.delete}, meta {@code 0x03})
 * @param batchWeight batches ({@code writeBatch}: one timestamp per entry; empty values become meta {@code 0x01})
 * @param transactionWeight transactions (writes at timestamp 0; deletes meta {@code 0x01})
 * @param compactionWeight starting or advancing a compaction
 * @param restartWeight restarts (a new lifetime)
 * @param tempFileWeight dropping a temporary file
 * @param keySpace number of distinct ordinary keys (hot keys are reused, so overwrites are common)
 * @param uniqueKeys whether every put uses a fresh key (then compactions succeed; for SST-heavy data)
 * @param minValue smallest inline value
 * @param maxValue largest inline value (kept below the value threshold)
 * @param largeValueFraction fraction of puts whose value goes to the value log
 * @param randomValueFraction fraction of values that are incompressible random bytes (the rest is text-like)
 * @param emptyKeyFraction fraction of batch and transaction writes with an empty key
 * @param emptyValueFraction fraction of values that are empty
 * @param binaryKeyFraction fraction of keys that are random bytes rather than {@code key:<n>}
 */
public record Workload(
    int putWeight,
    int deleteWeight,
    int batchWeight,
    int transactionWeight,
    int compactionWeight,
    int restartWeight,
    int tempFileWeight,
    int keySpace,
    boolean uniqueKeys,
    int minValue,
    int maxValue,
    double largeValueFraction,
    double randomValueFraction,
    double emptyKeyFraction,
    double emptyValueFraction,
    double binaryKeyFraction) {

  /** Validates ranges. */
  public Workload {
    if (putWeight < 0 || deleteWeight < 0 || batchWeight < 0 || transactionWeight < 0 || compactionWeight < 0
        || restartWeight < 0 || tempFileWeight < 0) {
      throw new IllegalArgumentException("weights must not be negative");
    }
    if (putWeight + deleteWeight + batchWeight + transactionWeight + compactionWeight + restartWeight
        + tempFileWeight == 0) {
      throw new IllegalArgumentException("at least one weight must be positive");
    }
    if (keySpace < 1 || minValue < 0 || maxValue < minValue) {
      throw new IllegalArgumentException("bad key space or value sizes");
    }
  }

  /** A mix of every operation, no restarts: the usual test workload. */
  public static Workload mixed() {
    return new Workload(60, 10, 8, 8, 3, 0, 1, 2_000, false, 0, 600, 0.05, 0.2, 0.01, 0.03, 0.05);
  }

  /** {@link #mixed()} with occasional restarts. */
  public static Workload withRestarts() {
    Workload m = mixed();
    return new Workload(m.putWeight, m.deleteWeight, m.batchWeight, m.transactionWeight, m.compactionWeight, 1,
        m.tempFileWeight, m.keySpace, m.uniqueKeys, m.minValue, m.maxValue, m.largeValueFraction,
        m.randomValueFraction, m.emptyKeyFraction, m.emptyValueFraction, m.binaryKeyFraction);
  }

  /** Only single puts and deletes of ordinary keys, no empty keys: easy to reason about. */
  public static Workload putsAndDeletes() {
    return new Workload(85, 15, 0, 0, 0, 0, 0, 500, false, 1, 300, 0.05, 0.2, 0, 0, 0);
  }

  /** This workload with another value-size range. */
  public Workload withValueSizes(int min, int max) {
    return new Workload(putWeight, deleteWeight, batchWeight, transactionWeight, compactionWeight, restartWeight,
        tempFileWeight, keySpace, uniqueKeys, min, max, largeValueFraction, randomValueFraction, emptyKeyFraction,
        emptyValueFraction, binaryKeyFraction);
  }

  /** This workload with another fraction of value-log values. */
  public Workload withLargeValueFraction(double fraction) {
    return new Workload(putWeight, deleteWeight, batchWeight, transactionWeight, compactionWeight, restartWeight,
        tempFileWeight, keySpace, uniqueKeys, minValue, maxValue, fraction, randomValueFraction, emptyKeyFraction,
        emptyValueFraction, binaryKeyFraction);
  }

  /** This workload with restarts weighted {@code weight}. */
  public Workload withRestartWeight(int weight) {
    return new Workload(putWeight, deleteWeight, batchWeight, transactionWeight, compactionWeight, weight,
        tempFileWeight, keySpace, uniqueKeys, minValue, maxValue, largeValueFraction, randomValueFraction,
        emptyKeyFraction, emptyValueFraction, binaryKeyFraction);
  }
}
