package dev.pouch.agent.concurrent;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The first failure of work handed to other threads, kept for the thread that handed it over, which rethrows it as it
 * was the next time it looks. Thread-safe.
 */
public final class FirstFailure {

  private final AtomicReference<Throwable> first = new AtomicReference<>();

  /** Keeps {@code t} unless an earlier failure is kept already. */
  public void record(Throwable t) {
    first.compareAndSet(null, t);
  }

  public boolean happened() {
    return first.get() != null;
  }

  /** Throws the kept failure, if any: an I/O error, unchecked exception or error as itself, anything else wrapped. */
  public void rethrow() throws IOException {
    Throwable t = first.get();
    if (t != null) {
      throw rethrow(t);
    }
  }

  /**
   * Throws {@code t}, the failure of work on another thread, as itself: an I/O error, unchecked exception or error
   * (out of memory must reach the CLI as itself, with its hint), anything else wrapped. Declared to return an exception
   * so a caller can write {@code throw FirstFailure.rethrow(t)}; it never returns.
   */
  public static IllegalStateException rethrow(Throwable t) throws IOException {
    if (t instanceof IOException e) {
      throw e;
    }
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException("background work failed", t);
  }
}
