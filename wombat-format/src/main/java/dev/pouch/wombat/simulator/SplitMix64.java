package dev.pouch.wombat.simulator;

import java.util.List;

/**
 * The SplitMix64 generator: tiny, fast and fully specified here, so a seed yields the same sequence on every JDK
 * (the simulator's determinism rests on it). Not thread-safe.
 */
final class SplitMix64 {
  private long state;

  SplitMix64(long seed) {
    this.state = seed;
  }

  long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in {@code [0, bound)}. */
  int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive");
    }
    return (int) Long.remainderUnsigned(nextLong(), bound);
  }

  /** Uniform in {@code [min, max]}. */
  int between(int min, int max) {
    return min + nextInt(max - min + 1);
  }

  /** Uniform in {@code [0, 1)}. */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  boolean chance(double p) {
    return nextDouble() < p;
  }

  void nextBytes(byte[] out) {
    int i = 0;
    while (i < out.length) {
      long r = nextLong();
      for (int j = 0; j < 8 && i < out.length; j++, i++) {
        out[i] = (byte) (r >>> (8 * j));
      }
    }
  }

  <T> void shuffle(List<T> list) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      T t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }
}
