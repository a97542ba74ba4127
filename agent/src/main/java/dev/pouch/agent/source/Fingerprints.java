package dev.pouch.agent.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Cheap content evidence for incremental backups, read with at most two small positional reads: the first 64 KiB
 * of an append-only file (its prefix must not have been rewritten), or the first and last 4 KiB of an immutable one.
 */
public final class Fingerprints {

  static final int HEAD_BYTES = 64 * 1024;
  static final int EDGE_BYTES = 4 * 1024;

  private Fingerprints() {}

  /** The fingerprint of the captured range of {@code entry}, or null for mutable files. */
  public static String of(SourceEntry entry) throws IOException {
    return switch (entry.growth()) {
      case MUTABLE -> null;
      case APPEND_ONLY -> hash(entry, 0, Math.min(HEAD_BYTES, entry.captureBytes()), -1, 0);
      case IMMUTABLE -> {
        long n = entry.captureBytes();
        int edge = (int) Math.min(EDGE_BYTES, n);
        yield hash(entry, 0, edge, Math.max(0, n - EDGE_BYTES), (int) Math.min(EDGE_BYTES, n));
      }
    };
  }

  private static String hash(SourceEntry entry, long from1, long len1, long from2, int len2) throws IOException {
    MessageDigest sha = sha256();
    try (FileChannel ch = FileChannel.open(entry.absolute(), StandardOpenOption.READ)) {
      read(ch, sha, from1, (int) len1);
      if (from2 >= 0) {
        read(ch, sha, from2, len2);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static void read(FileChannel ch, MessageDigest sha, long position, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      int n = ch.read(buf, position + buf.position());
      if (n < 0) {
        throw new java.io.EOFException("file shrank below " + (position + length) + " bytes while fingerprinting");
      }
    }
    sha.update(buf.array(), 0, length);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }
}
