package dev.pouch.agent.source;

import dev.pouch.agent.snapshot.FileEntry;

/**
 * A file as captured: the plan's entry, what was stored, and the SHA-256 (hex) of an immutable file's bytes — null
 * for other files and when the file was reused from the parent snapshot without reading it.
 */
public record CapturedFile(SourceEntry planned, FileEntry stored, String sha256) {}
