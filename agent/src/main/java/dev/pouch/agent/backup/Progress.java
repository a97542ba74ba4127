package dev.pouch.agent.backup;

/** Progress of long work, for the CLI to render. Called from the working thread; implementations must be cheap. */
public interface Progress {

  Progress NONE = new Progress() {};

  default void start(String phase, long totalBytes, long totalItems) {}

  default void advance(long bytes) {}

  default void item(String name) {}

  default void finish() {}
}
