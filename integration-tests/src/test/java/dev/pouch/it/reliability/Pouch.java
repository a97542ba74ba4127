package dev.pouch.it.reliability;

import java.io.IOException;

/** Runs one pouch command line to its end. */
public interface Pouch {

  /** Runs {@code pouch args...} and returns how it ended. */
  PouchResult run(String... args) throws IOException, InterruptedException;
}
