package dev.pouch.agent.throttle;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.directory.ClassificationRules;
import dev.pouch.wombat.directory.FileKind;
import dev.pouch.wombat.vlog.ValuePointerResolver;
import dev.pouch.wombat.wal.WalScanOptions;
import dev.pouch.wombat.wal.WalScanner;
import dev.pouch.wombat.wal.ZeroHeaderPolicy;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * How fast the database writes, from its WAL alone: the advance of each WAL segment's validated end, summed and
 * divided by the interval. File sizes say nothing here: Wombat preallocates a segment ({@code ftruncate} to {@code
 * mem_table_size}) and fills it in place, so the size changes only when a segment doubles. The validated end comes
 * from Wombat's own end-of-log rules ({@link WalScanner}), scanned incrementally from the previous end, so each
 * sample reads only the bytes written since the last one (plus one header).
 *
 * <p>Segments are told apart by inode, since Wombat reuses names across restarts; a segment first seen after the
 * first sample counts from offset 0. Value pointers are not checked (a pointer whose value-log record is missing
 * does not stop the scan): a rate, not a capture, is wanted. Not thread-safe.
 */
public final class WalGrowthProbe {

  private static final WalScanOptions OPTIONS =
      new WalScanOptions(ZeroHeaderPolicy.END_OF_LOG, ValuePointerResolver.acceptAll(), false);

  private final Path directory;
  private final ClassificationRules rules;
  private Map<Long, Long> endByInode;
  private long lastNanos;

  public WalGrowthProbe(Path directory, ClassificationRules rules) {
    this.directory = directory;
    this.rules = rules;
  }

  /** A probe for a Wombat data directory with the default file names. */
  public static WalGrowthProbe of(Path directory) {
    return new WalGrowthProbe(directory, ClassificationRules.defaults());
  }

  /** Bytes per second the WAL grew since the previous call; empty on the first call and when there is no WAL. */
  public OptionalDouble sample(long nanos) {
    Map<Long, Long> ends = new HashMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path p : entries) {
        if (rules.suggest(p.getFileName().toString()).orElse(FileKind.OTHER) != FileKind.WAL
            || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        try {
          long inode = ((Number) Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue();
          long from = endByInode == null ? 0 : endByInode.getOrDefault(inode, 0L);
          ends.put(inode, validatedEnd(p, from));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
          // Vanished, replaced or unreadable between listing and scanning: left out of this interval.
        }
      }
    } catch (IOException e) {
      endByInode = null;
      return OptionalDouble.empty();
    }
    Map<Long, Long> previous = endByInode;
    long previousNanos = lastNanos;
    endByInode = ends;
    lastNanos = nanos;
    if (previous == null || ends.isEmpty() || nanos <= previousNanos) {
      return OptionalDouble.empty();
    }
    long grown = 0;
    for (Map.Entry<Long, Long> e : ends.entrySet()) {
      grown += Math.max(0, e.getValue() - previous.getOrDefault(e.getKey(), 0L));
    }
    return OptionalDouble.of(grown * 1e9 / (nanos - previousNanos));
  }

  /** The validated end of a segment, scanning from {@code from} (a boundary from an earlier scan, or 0). */
  private static long validatedEnd(Path segment, long from) throws IOException {
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
      long size = ch.size();
      // A segment that is now shorter than the old end was replaced in place; scan it afresh.
      long start = from <= size ? from : 0;
      return WalScanner.scan(ByteSource.of(ch, size), start, OPTIONS, null).end();
    }
  }
}
