package dev.pouch.wombat.state;

import dev.pouch.wombat.bytes.Bytes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * The semantic digest of a key-value state (§5): SHA-256 over the live keys in unsigned lexicographic order, each
 * contributing {@code key_len ‖ key ‖ value_len ‖ value}, where both lengths are unsigned 32-bit little-endian and
 * {@code value} is the resolved value (dereferenced and inflated). An empty state hashes the empty input
 * ({@code e3b0c442…}).
 *
 * @param hex the 64 lowercase hex digits of the hash
 */
public record StateDigest(String hex) {

  /** Validates the form. */
  public StateDigest {
    Objects.requireNonNull(hex, "hex");
    if (!hex.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a SHA-256 hex digest");
    }
  }

  /** The digest of {@code entries}, which must iterate in unsigned key order (a {@link KvState}'s map does). */
  static StateDigest of(Map<Bytes, Bytes> entries) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
    byte[] length = new byte[4];
    for (Map.Entry<Bytes, Bytes> e : entries.entrySet()) {
      update(sha, length, e.getKey());
      update(sha, length, e.getValue());
    }
    return new StateDigest(HexFormat.of().formatHex(sha.digest()));
  }

  private static void update(MessageDigest sha, byte[] length, Bytes b) {
    int n = b.length();
    length[0] = (byte) n;
    length[1] = (byte) (n >>> 8);
    length[2] = (byte) (n >>> 16);
    length[3] = (byte) (n >>> 24);
    sha.update(length);
    sha.update(b.toByteArray());
  }

  @Override
  public String toString() {
    return hex;
  }
}
