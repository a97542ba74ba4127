package dev.pouch.agent.pitr;

import dev.pouch.wombat.directory.ClassificationRules;
import java.time.Duration;

/**
 * How the WAL shipper polls and when it spends requests.
 *
 * @param cadence how often the source is polled (reading local files costs no storage requests)
 * @param minBatchBytes new bytes below this wait for more, unless the oldest of them is {@code maxDelay} old
 * @param maxDelay the longest new validated WAL bytes wait before they are shipped: the target recovery point
 * @param requestsPerHour budget of storage requests per hour, 0 for unlimited; a busy database is then shipped less
 *     often, in larger batches
 * @param settleDelay pause before re-reading a WAL tail that may be torn
 */
public record ShipperOptions(Duration cadence, long minBatchBytes, Duration maxDelay, long requestsPerHour,
    Duration settleDelay, ClassificationRules rules) {

  public static ShipperOptions defaults() {
    return new ShipperOptions(Duration.ofSeconds(5), 256 * 1024, Duration.ofSeconds(5), 0, Duration.ofMillis(30),
        ClassificationRules.defaults());
  }

  public ShipperOptions withCadence(Duration c) {
    return new ShipperOptions(c, minBatchBytes, c, requestsPerHour, settleDelay, rules);
  }

  public ShipperOptions withRequestsPerHour(long budget) {
    return new ShipperOptions(cadence, minBatchBytes, maxDelay, budget, settleDelay, rules);
  }

  public ShipperOptions withBatching(long minBytes, Duration delay) {
    return new ShipperOptions(cadence, minBytes, delay, requestsPerHour, settleDelay, rules);
  }
}
