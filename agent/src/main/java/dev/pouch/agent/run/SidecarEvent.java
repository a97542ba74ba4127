package dev.pouch.agent.run;

import java.time.Instant;

/**
 * Something the sidecar did, for the operator's log ({@code pouch run} prints one line per event).
 *
 * @param kind e.g. {@code backup}, {@code backup-failed}, {@code verify}, {@code drill}, {@code alert}, {@code stop}
 */
public record SidecarEvent(Instant time, String kind, String message) {}
