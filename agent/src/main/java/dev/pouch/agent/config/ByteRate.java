package dev.pouch.agent.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** A bandwidth written for people: {@code 100MiB/s}, {@code 8MB/s}. */
public record ByteRate(long bytesPerSecond) {

  public ByteRate {
    if (bytesPerSecond <= 0) {
      throw new IllegalArgumentException("a rate must be positive");
    }
  }

  public static ByteRate parse(String text) {
    String v = text.trim();
    if (!v.endsWith("/s")) {
      throw new IllegalArgumentException("'" + text + "' is not a rate; write e.g. 100MiB/s");
    }
    return new ByteRate(ByteSize.parse(v.substring(0, v.length() - 2)).bytes());
  }

  @JsonValue
  @Override
  public String toString() {
    return bytesPerSecond + "/s";
  }
}
