package dev.pouch.it.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.Set;

/**
 * Picks the moment to {@code kill -9} a running pouch command and carries it out. A moment is either a delay after
 * start (anywhere in the command's life, JVM start-up included) or the point where a number of objects have appeared
 * in or vanished from a watched directory (the repository, or a restore target), which lands kills between the
 * individual writes and deletes of a command however fast it runs.
 */
public final class KillSwitch {

  private KillSwitch() {}

  /** When to kill. */
  public sealed interface Moment {
    String describe();
  }

  /** {@code delay} after the command started. */
  public record AfterDelay(Duration delay) implements Moment {
    @Override
    public String describe() {
      return "after " + delay.toMillis() + " ms";
    }
  }

  /** Once {@code count} names under {@code dir} differ from {@code before} (taken before the command started). */
  public record AfterChanges(Path dir, Set<String> before, int count) implements Moment {
    public AfterChanges {
      before = Set.copyOf(before);
    }

    @Override
    public String describe() {
      return "after " + count + " object change(s) under " + dir.getFileName();
    }
  }

  /**
   * Even draws: a delay uniform in [0, {@code typicalRun}]; odd draws: 1..{@code typicalChanges} changes under
   * {@code watched}. Call before starting the command (the watched directory's state is taken now).
   */
  public static Moment pick(Random random, int draw, Duration typicalRun, Path watched, int typicalChanges) {
    if (draw % 2 == 0) {
      return new AfterDelay(Duration.ofMillis((long) (random.nextDouble() * typicalRun.toMillis())));
    }
    return new AfterChanges(watched, StoredObjects.under(watched), 1 + random.nextInt(Math.max(1, typicalChanges)));
  }

  /**
   * Waits for the moment and kills the command then. Returns whether it was killed while running: false when it
   * finished first, so the run was no crash.
   */
  public static boolean strike(PouchProcess.Running running, Moment moment) throws InterruptedException {
    long start = System.nanoTime();
    while (running.isAlive()) {
      boolean now = switch (moment) {
        case AfterDelay d -> System.nanoTime() - start >= d.delay().toNanos();
        case AfterChanges c -> StoredObjects.changes(c.before(), StoredObjects.under(c.dir())) >= c.count();
      };
      if (now) {
        return running.killHard();
      }
      Thread.sleep(1);
    }
    return false;
  }
}
