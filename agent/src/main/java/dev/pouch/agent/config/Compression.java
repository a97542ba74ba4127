package dev.pouch.agent.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * {@code compression:} {@code zstd} or {@code none}; the seed's boolean {@code compression: true/false} means the
 * same. A repository's compression is chosen at {@code init}; {@code run} refuses a config that disagrees.
 */
public enum Compression {
  ZSTD,
  NONE;

  public static Compression parse(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "zstd", "true" -> ZSTD;
      case "none", "false" -> NONE;
      default -> throw new IllegalArgumentException("'" + value + "' is not a compression; use zstd or none");
    };
  }

  /** The name a repository's config uses. */
  @JsonValue
  public String repositoryName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
