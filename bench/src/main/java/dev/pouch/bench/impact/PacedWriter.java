package dev.pouch.bench.impact;

import dev.pouch.wombat.simulator.RecoveryEmulation;
import dev.pouch.wombat.simulator.SimulatorConfig;
import dev.pouch.wombat.simulator.WombatSimulator;
import dev.pouch.wombat.simulator.Workload;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The database under load: a Wombat simulator doing one put per step at a fixed rate, each followed by an fsync of
 * the active WAL segment (a database acknowledging durable writes) unless fsync is off. A write's latency runs from
 * its scheduled start to the end of its fsync, so a writer that falls behind counts the wait too (no coordinated
 * omission); the parts (start lag, write, fsync) are logged too.
 *
 * <p>Values of 256 B to 2 KiB (a fifth random, the rest text), 32 MiB memtables and Wombat's default of 5 immutable
 * memtables before a flush: no flush or compaction happens within a bench run, so the latencies are those of the
 * write path (WAL append through mmap, fsync) and of the CPU and disk it shares with the backup.
 */
final class PacedWriter implements AutoCloseable {

  private final WombatSimulator simulator;
  private final long periodNanos;
  private final LatencyLog log;
  private final boolean fsync;
  private final Thread thread;
  private volatile String phase = "warm-up";
  private volatile boolean stopping;
  private volatile Exception failure;
  private FileChannel segment;
  private Path segmentPath;

  private PacedWriter(WombatSimulator simulator, double writesPerSecond, LatencyLog log, boolean fsync) {
    this.simulator = simulator;
    this.fsync = fsync;
    this.periodNanos = (long) (TimeUnit.SECONDS.toNanos(1) / writesPerSecond);
    this.log = log;
    this.thread = new Thread(this::run, "paced-writer");
    this.thread.setDaemon(true);
  }

  /**
   * Opens a fresh simulator in {@code dir} (empty or absent) and starts writing.
   *
   * @param fsync whether each write is followed by an fsync of the WAL (durable writes); without, a write's latency
   *     is its CPU path only (the WAL is written through mmap)
   */
  static PacedWriter start(Path dir, double writesPerSecond, LatencyLog log, boolean fsync) throws IOException {
    SimulatorConfig config = SimulatorConfig.builder(dir).recovery(RecoveryEmulation.SIMPLE).recordGroundTruth(false)
        .splitRecordWrites(false).memTableSize(32L << 20)
        .workload(new Workload(1, 0, 0, 0, 0, 0, 0, 100_000, false, 256, 2048, 0, 0.2, 0, 0, 0)).build();
    PacedWriter writer = new PacedWriter(WombatSimulator.open(config, 7, Clock.systemUTC()), writesPerSecond, log,
        fsync);
    writer.thread.start();
    return writer;
  }

  /** Tags the writes scheduled from now on. */
  void phase(String name) {
    phase = name;
  }

  long writes() {
    return simulator.steps();
  }

  /** Whether the writer stopped on an error ({@link #close()} reports it). */
  boolean failed() {
    return failure != null;
  }

  private void run() {
    long next = System.nanoTime();
    try {
      while (!stopping) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
          continue;
        }
        String tag = phase;
        long started = System.nanoTime();
        simulator.step();
        long stepped = System.nanoTime();
        if (fsync) {
          syncActiveSegment();
        }
        long synced = System.nanoTime();
        log.record(tag, synced - next);
        // Where the time went: waiting for a CPU past the scheduled start, the write itself, the fsync.
        log.record(tag + LatencyLog.LAG, started - next);
        log.record(tag + LatencyLog.WRITE, stepped - started);
        log.record(tag + LatencyLog.FSYNC, synced - stepped);
        log.record(tag + LatencyLog.SERVICE, synced - started);
        next += periodNanos;
      }
    } catch (IOException | RuntimeException e) {
      failure = e;
    }
  }

  private void syncActiveSegment() throws IOException {
    Path active = simulator.activeSegmentPath();
    if (!active.equals(segmentPath)) {
      if (segment != null) {
        segment.close();
      }
      segment = FileChannel.open(active, StandardOpenOption.READ);
      segmentPath = active;
    }
    segment.force(false);
  }

  @Override
  public void close() throws IOException {
    stopping = true;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (segment != null) {
        segment.close();
      }
    } finally {
      simulator.close();
    }
    if (failure != null) {
      throw new IOException("the paced writer failed", failure);
    }
  }
}
