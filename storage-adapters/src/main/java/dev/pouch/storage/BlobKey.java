package dev.pouch.storage;

import java.util.Objects;

/**
 * A key in a backend's flat namespace: slash-separated segments of {@code [A-Za-z0-9._-]}, no empty, {@code .} or
 * {@code ..} segment, no leading or trailing slash. The restriction keeps keys valid on every cloud and on every
 * filesystem, and makes path escapes on the local backend impossible by construction.
 */
public record BlobKey(String value) implements Comparable<BlobKey> {

  public BlobKey {
    Objects.requireNonNull(value, "value");
    if (!isValid(value)) {
      throw new IllegalArgumentException("invalid blob key: '" + value + "'");
    }
  }

  public static BlobKey of(String value) {
    return new BlobKey(value);
  }

  public static boolean isValid(String value) {
    if (value.isEmpty() || value.length() > 512) {
      return false;
    }
    for (String segment : value.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '.' || c == '_' || c == '-';
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

  /** The last segment. */
  public String name() {
    int slash = value.lastIndexOf('/');
    return slash < 0 ? value : value.substring(slash + 1);
  }

  @Override
  public int compareTo(BlobKey other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
