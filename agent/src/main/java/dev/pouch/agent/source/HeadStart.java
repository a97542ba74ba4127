package dev.pouch.agent.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The part of a plan a {@link CaptureStrategy} made ahead in {@link CaptureStrategy#prepare}, kept for the next plan of
 * the same root and exclude rules, which takes it once. A head start that failed is left for the plan to make again,
 * and so to report where its error belongs.
 */
public final class HeadStart<T> {

  /** Makes the part of the plan; may read the source. */
  @FunctionalInterface
  public interface Work<T> {
    T make() throws IOException;
  }

  private record Made<T>(Path root, ExcludeRules excludes, T value) {}

  private final AtomicReference<Made<T>> made = new AtomicReference<>();

  /** Makes the part now, for the next {@link #take} of {@code root} and {@code excludes}. */
  public void offer(Path root, ExcludeRules excludes, Work<T> work) {
    try {
      made.set(new Made<>(root, excludes, work.make()));
    } catch (IOException | RuntimeException e) {
      made.set(null);
    }
  }

  /** The part made ahead for this root and these rules (the same rules object), or made now. */
  public T take(Path root, ExcludeRules excludes, Work<T> work) throws IOException {
    Made<T> ahead = made.getAndSet(null);
    return ahead != null && ahead.root().equals(root) && ahead.excludes() == excludes ? ahead.value() : work.make();
  }
}
