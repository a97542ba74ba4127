package dev.pouch.wombat.simulator;

import dev.pouch.wombat.bytes.Bytes;
import java.nio.charset.StandardCharsets;

/**
 * Keys and values for simulated writes: text-like values that compress about 2:1 (words, numbers and hex tokens,
 * fresh for every value so that backups cannot deduplicate them away), incompressible random values, and keys
 * {@code key:<n>} or random bytes.
 */
final class ValueFactory {
  private static final byte[][] WORDS = words();
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final SplitMix64 random;
  private long nextUnique;

  ValueFactory(SplitMix64 random) {
    this.random = random;
  }

  private static byte[][] words() {
    String text = "account active address alpha amount apple archive array balance batch beta block bloom bucket "
        + "buffer cache cargo chunk client cluster column commit config copy counter cursor data delta device "
        + "digest disk document domain engine entry epoch error event field file filter flush format frame gamma "
        + "group handle hash header index inode input item journal kernel key label layer ledger level limit "
        + "lock log manifest marker memory merge meta metric mirror node number object offset order owner packet "
        + "page parent partition path payload pointer policy pool prefix primary queue range reader record region "
        + "replica report request restore result retry root route sample schema scope secret segment sequence "
        + "server session shard signal size snapshot source space stamp state status storage stream table target "
        + "task tenant thread token topic trace tree update user value vector version volume window worker zone";
    String[] parts = text.split(" ");
    byte[][] out = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      out[i] = parts[i].getBytes(StandardCharsets.US_ASCII);
    }
    return out;
  }

  /** An ordinary key from a key space of {@code keySpace} keys, skewed so that a fifth of them take most writes. */
  Bytes key(int keySpace, boolean unique, double binaryFraction) {
    if (unique) {
      long n = nextUnique++;
      // A multiplicative hash spreads fresh keys over the key space, so flushed tables overlap.
      long spread = (n * 0x9E3779B97F4A7C15L) >>> 20;
      return Bytes.ofUtf8(String.format("key:%011d:%d", Long.remainderUnsigned(spread, 100_000_000_000L), n));
    }
    if (random.chance(binaryFraction)) {
      byte[] b = new byte[random.between(1, 24)];
      random.nextBytes(b);
      return Bytes.wrap(b);
    }
    int n = random.chance(0.8) ? random.nextInt(Math.max(1, keySpace / 5)) : random.nextInt(keySpace);
    return Bytes.ofUtf8(String.format("key:%08d", n));
  }

  /** A value of exactly {@code length} bytes, random with probability {@code randomFraction}, text-like otherwise. */
  byte[] value(int length, double randomFraction) {
    byte[] out = new byte[length];
    if (random.chance(randomFraction)) {
      random.nextBytes(out);
    } else {
      fillText(out);
    }
    return out;
  }

  // Text is slices of a fixed phrase buffer (words, compressible) alternating with fresh hex tokens (random, so
  // values never repeat); the mix compresses about 2:1, like the data pouch's performance notes assume.
  private void fillText(byte[] out) {
    int p = 0;
    while (p < out.length) {
      long r = random.nextLong();
      int slice = 8 + (int) (r & 15);
      int offset = (int) Long.remainderUnsigned(r >>> 4, PHRASES.length - 32);
      int n = Math.min(slice, out.length - p);
      System.arraycopy(PHRASES, offset, out, p, n);
      p += n;
      for (int half = 0; half < 2 && p < out.length; half++) {
        long bits = random.nextLong();
        for (int i = 0; i < 16 && p < out.length; i++) {
          out[p++] = HEX[(int) ((bits >>> (4 * i)) & 15)];
        }
      }
      p = put(out, p, (byte) ' ');
    }
  }

  private static final byte[] PHRASES = phrases();

  private static byte[] phrases() {
    SplitMix64 fixed = new SplitMix64(0x70756368L);
    byte[] out = new byte[64 * 1024];
    int p = 0;
    while (p < out.length) {
      byte[] w = WORDS[fixed.nextInt(WORDS.length)];
      p = put(out, p, w, w.length);
      p = put(out, p, fixed.nextInt(8) == 0 ? (byte) '=' : (byte) ' ');
    }
    return out;
  }

  private static int put(byte[] out, int p, byte[] src, int len) {
    int n = Math.min(len, out.length - p);
    System.arraycopy(src, 0, out, p, n);
    return p + n;
  }

  private static int put(byte[] out, int p, byte b) {
    if (p < out.length) {
      out[p] = b;
      return p + 1;
    }
    return p;
  }
}
