package dev.pouch.agent.audit;

/** Who ran a command: the operating-system user, the host name and the process id. */
public record Actor(String user, String host, long pid) {

  /** {@code user@host (pid N)}, as shown in listings. */
  public String describe() {
    return user + "@" + host + " (pid " + pid + ")";
  }
}
