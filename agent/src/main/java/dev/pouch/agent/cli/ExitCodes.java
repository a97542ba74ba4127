package dev.pouch.agent.cli;

import dev.pouch.agent.repository.RepositoryLockedException;
import dev.pouch.agent.repository.RepositoryNotFoundException;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.crypto.WrongPasswordException;
import dev.pouch.storage.StorageException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/** The one mapping from outcomes to exit codes (docs/exit-codes.md). */
public final class ExitCodes {

  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  public static final int INTEGRITY = 3;
  public static final int WRONG_PASSWORD = 4;
  public static final int REPOSITORY_UNAVAILABLE = 5;

  private ExitCodes() {}

  public static int of(Throwable t) {
    if (t instanceof UncheckedIOException u && u.getCause() != null) {
      return of(u.getCause());
    }
    if (t instanceof CommandLine.ParameterException || t instanceof UsageException
        || t instanceof IllegalArgumentException) {
      return USAGE;
    }
    if (t instanceof WrongPasswordException) {
      return WRONG_PASSWORD;
    }
    if (t instanceof IntegrityException) {
      return INTEGRITY;
    }
    if (t instanceof RepositoryNotFoundException || t instanceof RepositoryLockedException
        || t instanceof StorageException.ContainerMissing) {
      return REPOSITORY_UNAVAILABLE;
    }
    return FAILURE;
  }

  /** A recovery hint for the one-line error, or null. */
  static String hint(Throwable t) {
    if (t instanceof UncheckedIOException u && u.getCause() != null) {
      return hint(u.getCause());
    }
    if (t instanceof WrongPasswordException) {
      return "check POUCH_PASSWORD / --password-file; 'pouch key list' shows the repository's keys";
    }
    if (t instanceof RepositoryNotFoundException || t instanceof StorageException.ContainerMissing) {
      return "check --repo / POUCH_REPOSITORY, or create a repository with 'pouch init'";
    }
    if (t instanceof StorageException.AccessDenied) {
      return "check the credentials for this storage (environment, profile or config file)";
    }
    if (t instanceof IntegrityException) {
      return "run 'pouch verify --read-data' to see everything affected";
    }
    if (t instanceof OutOfMemoryError) {
      return "give the JVM more heap, e.g. POUCH_JAVA_OPTS=-Xmx1g (bin/pouch uses -Xmx256m by default)";
    }
    if (unpackFailure(t) != null) {
      return "set TMPDIR to a writable directory (bin/pouch passes it on as java.io.tmpdir; packs fill there too)";
    }
    if (t instanceof Error) {
      return "this is a bug or a broken installation; run with --verbose for the stack trace and report it";
    }
    return null;
  }

  /**
   * The error of zstd-jni failing to unpack its native library into {@code java.io.tmpdir} (missing, full or
   * read-only), or null: a setup problem with a fix, not a bug.
   */
  static Throwable unpackFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof Error && c.getMessage() != null && c.getMessage().startsWith("Cannot unpack ")) {
        return c;
      }
    }
    return null;
  }
}
