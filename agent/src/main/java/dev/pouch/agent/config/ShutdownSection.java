package dev.pouch.agent.config;

import java.time.Duration;

/**
 * {@code shutdown:} what {@code pouch run} does on SIGTERM.
 *
 * @param grace how long a running backup may take to finish before it is abandoned at the next chunk (default 10s;
 *     keep it below the orchestrator's kill deadline, 30 s in Kubernetes)
 */
public record ShutdownSection(Duration grace) {

  public ShutdownSection {
    grace = grace == null ? Duration.ofSeconds(10) : grace;
  }

  static ShutdownSection defaults() {
    return new ShutdownSection(null);
  }
}
