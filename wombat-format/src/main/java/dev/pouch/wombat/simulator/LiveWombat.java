package dev.pouch.wombat.simulator;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a {@link WombatSimulator} on its own thread, at full speed or at a fixed rate, so that a backup can read the
 * directory while it changes.
 *
 * <p>Ground truth is always consistent: {@link #groundTruth()} may be queried at any time (it sees every record
 * written before the query), and {@link #whilePaused} runs code between two steps, when no write is in flight.
 * Pacing uses {@link System#nanoTime()} (a monotonic interval timer, not wall-clock time).
 */
public final class LiveWombat implements AutoCloseable {
  private final WombatSimulator simulator;
  private final long nanosPerStep;
  private final ReentrantLock lock = new ReentrantLock();
  private final Thread thread;
  private volatile boolean stopping;
  private volatile Exception failure;
  private volatile long steps;

  private LiveWombat(WombatSimulator simulator, double stepsPerSecond) {
    this.simulator = simulator;
    this.nanosPerStep = stepsPerSecond > 0 ? (long) (TimeUnit.SECONDS.toNanos(1) / stepsPerSecond) : 0;
    this.thread = new Thread(this::run, "live-wombat");
    this.thread.setDaemon(true);
  }

  /**
   * Starts stepping {@code simulator} on a new thread.
   *
   * @param stepsPerSecond the rate, or 0 for as fast as possible
   */
  public static LiveWombat start(WombatSimulator simulator, double stepsPerSecond) {
    LiveWombat live = new LiveWombat(simulator, stepsPerSecond);
    live.thread.start();
    return live;
  }

  private void run() {
    long next = System.nanoTime();
    while (!stopping) {
      lock.lock();
      try {
        simulator.step();
        steps++;
      } catch (IOException | RuntimeException e) {
        failure = e;
        return;
      } finally {
        lock.unlock();
      }
      if (nanosPerStep > 0) {
        next += nanosPerStep;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      } else {
        Thread.yield();
      }
    }
  }

  /** Something to run against the simulator while it is paused. */
  @FunctionalInterface
  public interface PausedAction<T> {
    /** Runs with no step in progress. */
    T run(WombatSimulator simulator) throws IOException;
  }

  /** Runs {@code action} between two steps. */
  public <T> T whilePaused(PausedAction<T> action) throws IOException {
    lock.lock();
    try {
      return action.run(simulator);
    } finally {
      lock.unlock();
    }
  }

  /** The simulator's oracle; safe to query while it runs. */
  public GroundTruth groundTruth() {
    return simulator.groundTruth();
  }

  /** Steps completed so far. */
  public long steps() {
    return steps;
  }

  /** Whether the stepping thread stopped on an error (see {@link #stop()}). */
  public boolean failed() {
    return failure != null;
  }

  /**
   * Stops stepping and waits for the thread; the simulator stays open for inspection.
   *
   * @throws IOException if a step failed (a {@link SimulatedCrashException} for a configured crash)
   */
  public void stop() throws IOException {
    stopping = true;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the simulator", e);
    }
    Exception f = failure;
    if (f instanceof IOException io) {
      throw io;
    }
    if (f instanceof RuntimeException re) {
      throw re;
    }
  }

  /** Stops stepping and closes the simulator. */
  @Override
  public void close() throws IOException {
    try {
      stop();
    } finally {
      simulator.close();
    }
  }
}
