package dev.pouch.wombat.state;

import dev.pouch.wombat.bytes.Bytes;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable key → value map of live keys, sorted by unsigned byte order, with its {@link StateDigest}.
 * {@link #toString()} shows only the size and digest, never content. Thread-safe.
 */
public final class KvState {
  private static final KvState EMPTY = new KvState(new TreeMap<>());

  private final NavigableMap<Bytes, Bytes> entries;
  private StateDigest digest;

  private KvState(TreeMap<Bytes, Bytes> entries) {
    this.entries = Collections.unmodifiableNavigableMap(entries);
  }

  /** The empty state. */
  public static KvState empty() {
    return EMPTY;
  }

  /** A state holding a copy of {@code entries}. */
  public static KvState of(Map<Bytes, Bytes> entries) {
    return new KvState(new TreeMap<>(entries));
  }

  /** The value of {@code key}, if live. */
  public Optional<Bytes> get(Bytes key) {
    return Optional.ofNullable(entries.get(key));
  }

  /** Number of live keys. */
  public int size() {
    return entries.size();
  }

  /** The entries in unsigned key order (unmodifiable). */
  public NavigableMap<Bytes, Bytes> asMap() {
    return entries;
  }

  /** The semantic digest, computed once. */
  public synchronized StateDigest digest() {
    if (digest == null) {
      digest = StateDigest.of(entries);
    }
    return digest;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KvState other && entries.equals(other.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return "KvState[size=" + entries.size() + ", digest=" + digest() + "]";
  }
}
