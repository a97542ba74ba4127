package dev.pouch.bench.prune;

/**
 * The shape of a repository of daily backups of a slowly changing store, in simulated 1 MiB chunks. Every snapshot
 * holds {@code chunksPerSnapshot} chunks spread over {@code files} files; each snapshot after the first replaces
 * {@code newChunksPerSnapshot} of them with chunks never seen before. Chunks hold {@code payloadBytes} real bytes
 * each (so the repository fits on disk in minutes) and stand for 1 MiB of data each. A backup stores its new
 * chunks in packs of at most {@code chunksPerPack} chunks (16 MiB packs of 1 MiB chunks at real scale).
 *
 * @param hotSlotFraction the share of slots that most changes hit (the hot part of the store)
 * @param hotChangeShare the share of changes that hit the hot slots; the rest hit the cold slots uniformly
 * @param keepLast snapshots {@code forget} keeps (the newest ones)
 */
public record RepositoryShape(int snapshots, int chunksPerSnapshot, int newChunksPerSnapshot, int files,
    int payloadBytes, int chunksPerPack, double hotSlotFraction, double hotChangeShare, int keepLast) {

  /** The bytes one simulated chunk stands for. */
  public static final long SIMULATED_CHUNK_BYTES = 1L << 20;

  /** Default share of chunks new in each snapshot. */
  public static final double NEW_FRACTION = 0.01;

  /** Default share of snapshots forget keeps (the newest). */
  public static final double KEEP_FRACTION = 0.3;

  public RepositoryShape {
    if (snapshots < 1 || chunksPerSnapshot < files || files < 1 || newChunksPerSnapshot < 1
        || newChunksPerSnapshot > chunksPerSnapshot) {
      throw new IllegalArgumentException("impossible shape: " + snapshots + " snapshots of " + chunksPerSnapshot
          + " chunks in " + files + " files, " + newChunksPerSnapshot + " new per snapshot");
    }
    if (payloadBytes < 16 || chunksPerPack < 1 || keepLast < 1 || keepLast > snapshots) {
      throw new IllegalArgumentException("payload, pack size and keep-last must be positive, keep-last at most the "
          + "snapshot count");
    }
    if (!(hotSlotFraction > 0 && hotSlotFraction <= 1 && hotChangeShare >= 0 && hotChangeShare <= 1)) {
      throw new IllegalArgumentException("hot fractions must be within 0..1");
    }
  }

  /**
   * The shape of {@code logicalGib} GiB of unique data (in 1 MiB chunks) gathered by {@code snapshots} daily
   * backups, each adding 1% new chunks: a snapshot then holds {@code unique / (1 + (snapshots - 1) * 1%)} chunks.
   * Forget keeps the newest 30%.
   */
  public static RepositoryShape of(int snapshots, double logicalGib) {
    if (snapshots < 1 || !(logicalGib > 0)) {
      throw new IllegalArgumentException("snapshots and size must be positive");
    }
    double unique = logicalGib * 1024;
    int perSnapshot = (int) Math.round(unique / (1 + (snapshots - 1) * NEW_FRACTION));
    int files = 4;
    perSnapshot = Math.max(files, perSnapshot);
    int fresh = (int) Math.max(1, Math.round(perSnapshot * NEW_FRACTION));
    return new RepositoryShape(snapshots, perSnapshot, fresh, files, 512, 16, 0.2, 0.8, keepLastOf(snapshots));
  }

  /** The same snapshots (size, change per snapshot, files) but fewer or more of them: the repository scales. */
  public RepositoryShape withSnapshots(int count) {
    return new RepositoryShape(count, chunksPerSnapshot, newChunksPerSnapshot, files, payloadBytes, chunksPerPack,
        hotSlotFraction, hotChangeShare, keepLastOf(count));
  }

  private static int keepLastOf(int snapshots) {
    return Math.max(1, (int) Math.round(snapshots * KEEP_FRACTION));
  }

  /** Distinct chunks in the repository before forget. */
  public long uniqueChunks() {
    return chunksPerSnapshot + (long) (snapshots - 1) * newChunksPerSnapshot;
  }

  /** What the chunks stand for, in GiB. */
  public double logicalGib() {
    return uniqueChunks() * (double) SIMULATED_CHUNK_BYTES / (1L << 30);
  }

  /** Packs of the first backup plus one pack per later backup (its few new chunks fit in one). */
  public long packs() {
    return packsOf(chunksPerSnapshot) + (long) (snapshots - 1) * packsOf(newChunksPerSnapshot);
  }

  /** The number of packs {@code chunks} new chunks of one backup fill. */
  public int packsOf(int chunks) {
    return (chunks + chunksPerPack - 1) / chunksPerPack;
  }

  /** Chunks held by file {@code file} (0-based): the slots are split into {@code files} near-equal runs. */
  public int slotsOf(int file) {
    return firstSlotOf(file + 1) - firstSlotOf(file);
  }

  /** The first slot of file {@code file}; {@code firstSlotOf(files)} is the slot count. */
  public int firstSlotOf(int file) {
    return (int) ((long) chunksPerSnapshot * file / files);
  }

  /** The hot slots are the first ones. */
  public int hotSlots() {
    return Math.max(1, (int) Math.round(chunksPerSnapshot * hotSlotFraction));
  }

  /** One line for reports. */
  public String describe() {
    return String.format("%,d snapshots x %,d chunks in %d files, %,d new per snapshot (%.1f%%, %.0f%% of them in "
            + "the hottest %.0f%% of the data); %,d distinct chunks = %.1f GiB at 1 MiB per chunk (%d real bytes "
            + "each); ~%,d packs of <= %d chunks; forget keeps the last %,d",
        snapshots, chunksPerSnapshot, files, newChunksPerSnapshot, 100.0 * newChunksPerSnapshot / chunksPerSnapshot,
        hotChangeShare * 100, hotSlotFraction * 100, uniqueChunks(), logicalGib(), payloadBytes, packs(),
        chunksPerPack, keepLast);
  }
}
