package dev.pouch.bench.dataset;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Key/value records shaped like a Wombat workload: increasing keys ({@code <prefix>:<16 digits>}) and JSON-like values
 * of order fields, words, numbers and a random token. The token's length sets how compressible the values are; the
 * default gives about 2x with zstd level 3, like the data set in perf-notes.md. Deterministic for a seed; not
 * thread-safe.
 */
final class RecordGenerator {

  /** Random base64 characters per value (a session token). */
  static final int TOKEN_CHARS = 32;
  /** Random binary bytes per value (ids and hashes); tuned so that zstd-3 shrinks the records by about half. */
  static final int BINARY_BYTES = 104;

  private static final byte[][] WORDS = words("user", "order", "session", "cart", "price", "status", "shipped",
      "pending", "eu-west", "us-east", "premium", "basic", "refund", "invoice", "paid", "cancelled", "gift", "bulk",
      "express", "standard", "warehouse", "berlin", "lisbon", "denver", "osaka", "retry", "ok", "timeout", "mobile",
      "desktop", "tablet", "android", "ios", "linux", "windows", "coupon", "loyalty", "trial", "annual", "monthly",
      "weekly", "alpha", "beta", "gamma", "delta", "red", "green", "blue", "small", "medium", "large", "xl", "new",
      "used", "returned", "lost", "found", "priority", "low", "high", "north", "south", "east", "west");
  private static final byte[] BASE64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);

  private final SplittableRandom random;
  private final byte[] scratch = new byte[64 * 1024];
  private final int tokenChars;
  private final int binaryBytes;

  RecordGenerator(long seed) {
    this(seed, TOKEN_CHARS, BINARY_BYTES);
  }

  RecordGenerator(long seed, int tokenChars, int binaryBytes) {
    this.random = new SplittableRandom(seed);
    this.tokenChars = tokenChars;
    this.binaryBytes = binaryBytes;
  }

  /** The key for record number {@code n} under {@code prefix}: sorts in record order. */
  static byte[] key(String prefix, long n) {
    byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
    byte[] key = new byte[p.length + 17];
    System.arraycopy(p, 0, key, 0, p.length);
    key[p.length] = ':';
    long v = n;
    for (int i = key.length - 1; i > p.length; i--) {
      key[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return key;
  }

  /** A value of a few hundred bytes. */
  byte[] value() {
    Out out = new Out(scratch);
    out.ascii("{\"user\":\"").word().digits(6).ascii("\",\"status\":\"").word().ascii("\",\"region\":\"").word()
        .ascii("\",\"amount\":").digits(1 + random.nextInt(5)).ascii(".").digits(2).ascii(",\"items\":[");
    int items = 1 + random.nextInt(4);
    for (int i = 0; i < items; i++) {
      out.ascii(i == 0 ? "{\"sku\":\"" : ",{\"sku\":\"").word().ascii("-").digits(4).ascii("\",\"qty\":")
          .digits(1).ascii("}");
    }
    out.ascii("],\"token\":\"").base64(tokenChars).ascii("\",\"digest\":").binary(binaryBytes)
        .ascii(",\"note\":\"");
    int words = 2 + random.nextInt(8);
    for (int i = 0; i < words; i++) {
      out.word().ascii(" ");
    }
    out.ascii("\"}");
    return out.bytes();
  }

  /** A large value (for the value log) of about {@code approxBytes}: many small values joined. */
  byte[] largeValue(int approxBytes) {
    java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream(approxBytes + 1024);
    while (joined.size() < approxBytes) {
      joined.writeBytes(value());
    }
    return joined.toByteArray();
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  private static byte[][] words(String... words) {
    byte[][] out = new byte[words.length][];
    for (int i = 0; i < words.length; i++) {
      out[i] = words[i].getBytes(StandardCharsets.US_ASCII);
    }
    return out;
  }

  /** Appends to the scratch buffer. */
  private final class Out {
    private final byte[] buf;
    private int pos;

    Out(byte[] buf) {
      this.buf = buf;
    }

    Out ascii(String s) {
      for (int i = 0; i < s.length(); i++) {
        buf[pos++] = (byte) s.charAt(i);
      }
      return this;
    }

    Out word() {
      byte[] w = WORDS[random.nextInt(WORDS.length)];
      System.arraycopy(w, 0, buf, pos, w.length);
      pos += w.length;
      return this;
    }

    Out digits(int count) {
      for (int i = 0; i < count; i++) {
        buf[pos++] = (byte) ('0' + random.nextInt(10));
      }
      return this;
    }

    Out base64(int count) {
      long bits = 0;
      int left = 0;
      for (int i = 0; i < count; i++) {
        if (left == 0) {
          bits = random.nextLong();
          left = 10;
        }
        buf[pos++] = BASE64[(int) (bits & 63)];
        bits >>>= 6;
        left--;
      }
      return this;
    }

    Out binary(int count) {
      for (int i = 0; i < count; i += 8) {
        long bits = random.nextLong();
        for (int j = 0; j < 8 && i + j < count; j++) {
          buf[pos++] = (byte) (bits >>> (8 * j));
        }
      }
      return this;
    }

    byte[] bytes() {
      return java.util.Arrays.copyOf(buf, pos);
    }
  }
}
