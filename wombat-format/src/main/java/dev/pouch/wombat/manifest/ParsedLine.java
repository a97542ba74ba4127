package dev.pouch.wombat.manifest;

/** The outcome of parsing one MANIFEST line. */
public sealed interface ParsedLine {

  /** A well-formed change. */
  record Parsed(ManifestChange change) implements ParsedLine {}

  /** A line Wombat's parser would skip, and why (never quoting the line, which may contain keys). */
  record Rejected(String reason) implements ParsedLine {}
}
