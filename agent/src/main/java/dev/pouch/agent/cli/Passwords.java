package dev.pouch.agent.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where passwords come from: a file, an environment variable, or the terminal. Never the command line, where any
 * user on the host could read it from the process list.
 */
final class Passwords {

  private Passwords() {}

  /** The repository password: {@code --password-file}, then {@code POUCH_PASSWORD}, then the terminal. */
  static char[] current(Context ctx, Path file) throws IOException {
    return read(ctx, file, "POUCH_PASSWORD", "--password-file", "repository password: ", false);
  }

  /** A new password: {@code --new-password-file}, then {@code POUCH_NEW_PASSWORD}, then the terminal, twice. */
  static char[] fresh(Context ctx, Path file, String envName, String optionName) throws IOException {
    return read(ctx, file, envName, optionName, "new password: ", true);
  }

  private static char[] read(Context ctx, Path file, String envName, String optionName, String prompt,
      boolean confirm) throws IOException {
    if (file != null) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      String firstLine = text.lines().findFirst().orElse("");
      if (firstLine.isEmpty()) {
        throw new UsageException("password file " + file + " is empty");
      }
      return firstLine.toCharArray();
    }
    String env = ctx.env(envName);
    if (env != null) {
      return env.toCharArray();
    }
    Console console = System.console();
    if (ctx.interactive() && console != null) {
      char[] first = console.readPassword(prompt);
      if (first == null || first.length == 0) {
        throw new UsageException("no password entered");
      }
      if (confirm) {
        char[] again = console.readPassword("enter it again: ");
        if (!Arrays.equals(first, again)) {
          throw new UsageException("the two passwords differ");
        }
      }
      return first;
    }
    throw new UsageException("no password: set " + envName + " or pass " + optionName
        + " (passwords are never taken on the command line)");
  }
}
