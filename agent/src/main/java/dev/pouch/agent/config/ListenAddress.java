package dev.pouch.agent.config;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where the metrics server listens: {@code HOST:PORT}, {@code :PORT} (all interfaces) or {@code off}. Port 0 picks a
 * free port (tests).
 */
public record ListenAddress(String host, int port) {

  public static final ListenAddress OFF = new ListenAddress("", -1);
  public static final ListenAddress DEFAULT = new ListenAddress("127.0.0.1", 9464);

  public static ListenAddress parse(String text) {
    String v = text.trim();
    if (v.equalsIgnoreCase("off") || v.equals("false")) {
      return OFF;
    }
    int colon = v.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("'" + text + "' is not HOST:PORT (e.g. 127.0.0.1:9464, :9464) or off");
    }
    String host = v.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(v.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' has no valid port");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range 0..65535");
    }
    return new ListenAddress(host.isEmpty() ? "0.0.0.0" : host, port);
  }

  public boolean isOff() {
    return port < 0;
  }

  @JsonValue
  @Override
  public String toString() {
    return isOff() ? "off" : (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
