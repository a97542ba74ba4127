package dev.pouch.crypto;

/**
 * Argon2id cost parameters (RFC 9106, version 0x13), stored in every {@link KeyFile}.
 *
 * <p>The bounds below are enforced on construction, and therefore on parsing a key file, so that a hostile key file
 * cannot make unwrapping allocate more than 4 GiB or run for hours: memory {@code 8 * parallelism ..
 * 4 194 304 KiB (4 GiB)}, iterations {@code 1..64}, parallelism {@code 1..64}.
 *
 * <p>BouncyCastle computes the lanes one after another, so {@code parallelism} changes the result but not the speed.
 *
 * @param memoryKiB   memory in KiB
 * @param iterations  passes over the memory
 * @param parallelism lanes
 */
public record Argon2idParams(int memoryKiB, int iterations, int parallelism) {
  /** Largest accepted memory: 4 GiB. */
  public static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
  /** Largest accepted iteration count. */
  public static final int MAX_ITERATIONS = 64;
  /** Largest accepted parallelism. */
  public static final int MAX_PARALLELISM = 64;

  /** Validates the bounds in the class comment; throws IllegalArgumentException naming the field. */
  public Argon2idParams {
    if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
      throw new IllegalArgumentException("Argon2id parallelism must be 1.." + MAX_PARALLELISM + ", got "
          + parallelism);
    }
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException("Argon2id iterations must be 1.." + MAX_ITERATIONS + ", got " + iterations);
    }
    // RFC 9106 §3.1: memory must be at least 8 KiB per lane.
    if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
      throw new IllegalArgumentException("Argon2id memory must be " + 8 * parallelism + ".." + MAX_MEMORY_KIB
          + " KiB for parallelism " + parallelism + ", got " + memoryKiB);
    }
  }

  /**
   * 64 MiB, 3 iterations, parallelism 2: RFC 9106's second recommended option (64 MiB, t=3) with two lanes.
   * Measured with BouncyCastle 1.87 on JDK 25 on the project machine (2 cores, shared with other builds, so noisy):
   * 0.4-1.5 s for the first derivation in a fresh JVM (what a CLI unlock pays), 0.12-0.45 s once warm; it allocates
   * 64 MiB of heap while it runs. Every password guess costs an attacker the same 64 MiB-pass work, which is the point.
   */
  public static Argon2idParams defaults() {
    return new Argon2idParams(64 * 1024, 3, 2);
  }

  /** 64 KiB, 1 iteration, 1 lane: for tests only, offers no protection against password guessing. */
  public static Argon2idParams forTests() {
    return new Argon2idParams(64, 1, 1);
  }
}
