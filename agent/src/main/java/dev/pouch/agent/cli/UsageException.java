package dev.pouch.agent.cli;

/** The command line is incomplete or contradictory; exit code 2 with a one-line hint. */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}
