package dev.pouch.bench.prune;

import dev.pouch.bench.harness.Invocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Writes the same {@link SnapshotSequence} as a restic repository: one {@code restic backup} per snapshot of a
 * directory with one subdirectory per file of the shape and one small file per slot (each file is one restic blob,
 * as each slot is one pouch chunk). Between snapshots only the changed slots' files are rewritten. Each backup is
 * dated a day after the previous ({@code --time}); restic uses the previous snapshot of the same directory as
 * parent.
 */
final class ResticRepositoryBuilder {

  private static final DateTimeFormatter RESTIC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  private final RepositoryShape shape;
  private final long seed;
  private final Map<String, String> environment;

  /** {@code environment} holds {@code RESTIC_PASSWORD} and {@code RESTIC_CACHE_DIR}. */
  ResticRepositoryBuilder(RepositoryShape shape, long seed, Map<String, String> environment) {
    this.shape = shape;
    this.seed = seed;
    this.environment = Map.copyOf(environment);
  }

  static Invocation restic(Map<String, String> environment, Path repository, String... args) {
    List<String> command = new ArrayList<>(List.of("restic", "-r", repository.toString()));
    command.addAll(List.of(args));
    return new Invocation(command, environment, null);
  }

  /**
   * Creates the repository {@code repository} from source directories below {@code sources} (created). With
   * {@code lanes > 1}, consecutive snapshots are taken from that many source directories in turn
   * ({@code sources/lane-<i>}), one backup per lane running at a time, so up to {@code lanes} restic processes run
   * at once (restic allows concurrent backups); each lane's directory is brought to the snapshot's state before
   * its backup starts. Snapshot paths then differ between lanes: forget must group by host only.
   */
  Duration build(Path repository, Path sources, int lanes, Path log, IntConsumer progress) throws IOException,
      InterruptedException {
    long start = System.nanoTime();
    Files.createDirectories(sources);
    run(restic(environment, repository, "init"), log);
    SnapshotSequence sequence = new SnapshotSequence(shape, seed);
    Process[] running = new Process[lanes];
    BitSet[] stale = new BitSet[lanes];
    for (int i = 0; i < lanes; i++) {
      stale[i] = new BitSet();
    }
    try {
      for (int s = 0; s < shape.snapshots(); s++) {
        for (int slot : sequence.advance()) {
          for (BitSet lane : stale) {
            lane.set(slot);
          }
        }
        int lane = s % lanes;
        if (running[lane] != null) {
          finish(running[lane], log);
        }
        Path source = sources.resolve("lane-" + lane);
        int[] slots = sequence.slots();
        for (int slot = stale[lane].nextSetBit(0); slot >= 0; slot = stale[lane].nextSetBit(slot + 1)) {
          Path file = source.resolve(fileOf(slot));
          Files.createDirectories(file.getParent());
          Files.write(file, SnapshotSequence.payload(seed, slots[slot], shape.payloadBytes()));
        }
        stale[lane].clear();
        String time = RESTIC_TIME.format(PouchRepositoryBuilder.FIRST_BACKUP.plus(Duration.ofDays(s)));
        running[lane] = start(restic(environment, repository, "backup", "-q", "--host", "bench", "--time", time,
            source.toString()), log);
        if ((s + 1) % 100 == 0) {
          progress.accept(s + 1);
        }
      }
      for (Process p : running) {
        if (p != null) {
          finish(p, log);
        }
      }
    } finally {
      for (Process p : running) {
        if (p != null && p.isAlive()) {
          p.destroy();
        }
      }
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** The path of a slot's file below the source directory. */
  String fileOf(int slot) {
    int file = 0;
    while (shape.firstSlotOf(file + 1) <= slot) {
      file++;
    }
    return "table-" + file + "/slot-" + slot;
  }

  private static void run(Invocation invocation, Path log) throws IOException, InterruptedException {
    finish(start(invocation, log), log);
  }

  private static Process start(Invocation invocation, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(invocation.command())
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().putAll(invocation.environment());
    return builder.start();
  }

  private static void finish(Process process, Path log) throws IOException, InterruptedException {
    int exit = process.waitFor();
    if (exit != 0) {
      throw new IOException(process.info().commandLine().orElse("restic") + " exited with " + exit + "; see " + log);
    }
  }
}
