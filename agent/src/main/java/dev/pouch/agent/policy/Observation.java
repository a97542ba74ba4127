package dev.pouch.agent.policy;

import java.time.Instant;
import java.util.Optional;

/**
 * What was seen of one repository: its newest snapshot (for a copy target, the newest one copied from the
 * primary), or why it could not be looked at.
 */
public record Observation(CopyTarget where, Optional<Newest> newest, Optional<String> error) {

  /** A snapshot id and its time. */
  public record Newest(String snapshot, Instant time) {}

  public static Observation of(CopyTarget where, String snapshot, Instant time) {
    return new Observation(where, Optional.of(new Newest(snapshot, time)), Optional.empty());
  }

  public static Observation empty(CopyTarget where) {
    return new Observation(where, Optional.empty(), Optional.empty());
  }

  public static Observation failed(CopyTarget where, String error) {
    return new Observation(where, Optional.empty(), Optional.of(error));
  }
}
