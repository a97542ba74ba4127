package dev.pouch.agent.repository;

import java.util.HexFormat;

/** A pack's name: SHA-256 of its stored bytes, so a pack can be checked without the key and is never overwritten. */
public record PackId(String hex) implements Comparable<PackId> {

  public PackId {
    if (hex.length() != 64 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      throw new IllegalArgumentException("pack id must be 64 lowercase hex digits: '" + hex + "'");
    }
  }

  public static PackId of(byte[] sha256) {
    return new PackId(HexFormat.of().formatHex(sha256));
  }

  public byte[] bytes() {
    return HexFormat.of().parseHex(hex);
  }

  @Override
  public int compareTo(PackId other) {
    return hex.compareTo(other.hex);
  }

  @Override
  public String toString() {
    return hex;
  }
}
