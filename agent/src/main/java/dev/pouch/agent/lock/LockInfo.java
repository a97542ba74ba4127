package dev.pouch.agent.lock;

import java.time.Instant;

/** A lock as stored in {@code locks/<id>} (sealed JSON). */
public record LockInfo(String id, LockMode mode, String host, long pid, String purpose, Instant created,
    Instant refreshed) {}
