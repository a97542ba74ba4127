package dev.pouch.agent.monitoring;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The most recent backup attempts, for the success rate. Failed attempts leave nothing in the repository, so only a
 * running process knows them; the log starts empty (rate unknown) at process start. Thread-safe.
 */
public final class AttemptLog {

  private final int window;
  private final Deque<BackupAttempt> attempts = new ArrayDeque<>();

  /** @param window how many recent attempts count */
  public AttemptLog(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1");
    }
    this.window = window;
  }

  public synchronized void record(BackupAttempt attempt) {
    attempts.addLast(attempt);
    while (attempts.size() > window) {
      attempts.removeFirst();
    }
  }

  public synchronized List<BackupAttempt> recent() {
    return List.copyOf(attempts);
  }

  /** Successful attempts over all attempts in the window; empty when there were none. */
  public synchronized Optional<Double> successRate() {
    if (attempts.isEmpty()) {
      return Optional.empty();
    }
    long ok = attempts.stream().filter(BackupAttempt::succeeded).count();
    return Optional.of((double) ok / attempts.size());
  }
}
