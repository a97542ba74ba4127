package dev.pouch.agent.repository;

/** A snapshot's name: keyed hash of its plaintext, 64 hex digits. Users may abbreviate it to a unique prefix. */
public record SnapshotId(String hex) implements Comparable<SnapshotId> {

  public SnapshotId {
    if (hex.length() != 64 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      throw new IllegalArgumentException("snapshot id must be 64 lowercase hex digits: '" + hex + "'");
    }
  }

  /** The first 8 digits, as shown in listings. */
  public String shortHex() {
    return hex.substring(0, 8);
  }

  @Override
  public int compareTo(SnapshotId other) {
    return hex.compareTo(other.hex);
  }

  @Override
  public String toString() {
    return hex;
  }
}
