package dev.pouch.it.reliability;

/**
 * How one pouch command ended: its exit code and everything it printed.
 *
 * @param command the arguments as given (for failure messages; never holds a password, pouch takes none)
 */
public record PouchResult(String command, int exitCode, String out, String err) {

  /** A description for assertion messages: the command, its code and its output. */
  public String describe() {
    return "pouch " + command + " -> exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }

  /**
   * Whether the output shows a Java stack trace, or names a Java exception or error type: users must see one line
   * saying what went wrong, never the program's insides (those are for --verbose).
   */
  public boolean showsJavaInternals() {
    String all = output();
    return all.contains("\tat ") || all.contains("Exception in thread")
        || all.matches("(?s).*\\b[A-Z]\\w*(Exception|Error)\\b.*");
  }

  /** Both streams together, for searching. */
  public String output() {
    return out + err;
  }
}
