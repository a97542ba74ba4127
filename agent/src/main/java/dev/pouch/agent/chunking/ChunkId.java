package dev.pouch.agent.chunking;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * A chunk's identity: HMAC-SHA256 of its plaintext under the repository's content-ID key, so the storage provider
 * cannot confirm guesses about content. Held as four longs to make index maps compact and fast.
 */
public record ChunkId(long w0, long w1, long w2, long w3) {

  public static final int BYTES = 32;

  public static ChunkId of(byte[] bytes) {
    return of(bytes, 0);
  }

  public static ChunkId of(byte[] bytes, int offset) {
    if (bytes.length - offset < BYTES) {
      throw new IllegalArgumentException("chunk id needs 32 bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, offset, BYTES);
    return new ChunkId(b.getLong(), b.getLong(), b.getLong(), b.getLong());
  }

  public static ChunkId parse(String hex) {
    if (hex.length() != 64) {
      throw new IllegalArgumentException("chunk id must be 64 hex digits: '" + hex + "'");
    }
    return of(HexFormat.of().parseHex(hex));
  }

  public byte[] bytes() {
    return ByteBuffer.allocate(BYTES).putLong(w0).putLong(w1).putLong(w2).putLong(w3).array();
  }

  public void writeTo(ByteBuffer out) {
    out.putLong(w0).putLong(w1).putLong(w2).putLong(w3);
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes());
  }

  @Override
  public String toString() {
    return hex();
  }
}
