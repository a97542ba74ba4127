package dev.pouch.wombat.sst;

import java.io.IOException;

/** An SSTable that breaks a validation rule where a valid one was required. */
public final class SstFormatException extends IOException {
  private final SstProblem problem;

  /** Wraps {@code problem}. */
  public SstFormatException(SstProblem problem) {
    super("invalid SSTable: " + problem.check() + ": " + problem.detail());
    this.problem = problem;
  }

  /** The violated rule. */
  public SstProblem problem() {
    return problem;
  }
}
