package dev.pouch.agent.source;

import dev.pouch.agent.snapshot.EntryType;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One thing to capture from the source. For files, {@code captureBytes} is how many bytes from the start are read:
 * the size seen at scan time, or less for a live file cut at a validated boundary (a Wombat WAL).
 */
public record SourceEntry(
    String path,
    Path absolute,
    EntryType type,
    int mode,
    Instant mtime,
    long captureBytes,
    Long inode,
    Long device,
    String linkTarget) {}
