package dev.pouch.agent.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's host and user names, for snapshots, locks and key labels. */
final class Hosts {

  private Hosts() {}

  static String name() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  static String user() {
    return System.getProperty("user.name", "unknown");
  }
}
