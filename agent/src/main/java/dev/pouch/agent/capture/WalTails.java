package dev.pouch.agent.capture;

import dev.pouch.storage.Sleeper;
import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.vlog.ValuePointerResolver;
import dev.pouch.wombat.wal.WalScan;
import dev.pouch.wombat.wal.WalScanOptions;
import dev.pouch.wombat.wal.WalScanner;
import dev.pouch.wombat.wal.ZeroHeaderPolicy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.Arrays;

/**
 * Finding where a live WAL segment may be cut. Wombat writes through a shared mmap, so a reader can see a record's
 * header before its payload; a last record that may be torn is accepted only when it reads the same again after a
 * short pause (wombat-format.md §2.2).
 */
public final class WalTails {

  private WalTails() {}

  /** Where to cut, and the scan that found it. */
  public record Cut(long end, WalScan scan) {}

  /**
   * Scans {@code channel} from {@code start} (a record boundary) and returns the settled validated end.
   *
   * @param start 0, or the end of an earlier settled cut of the same segment
   */
  public static Cut settled(FileChannel channel, long start, ValuePointerResolver pointers,
      ZeroHeaderPolicy zeroHeaders, Sleeper sleeper, Duration settleDelay) throws IOException {
    WalScanOptions opts = WalScanOptions.of(pointers).withZeroHeaders(zeroHeaders);
    WalScan first = WalScanner.scan(ByteSource.of(channel, channel.size()), start, opts, null);
    if (!first.lastRecordMayBeTorn()) {
      return new Cut(first.end(), first);
    }
    byte[] before = read(channel, first.lastRecordStart(), (int) (first.end() - first.lastRecordStart()));
    try {
      sleeper.sleep(settleDelay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while a WAL tail settled");
    }
    WalScan second = WalScanner.scan(ByteSource.of(channel, channel.size()), start, opts, null);
    byte[] after = second.end() >= first.end()
        ? read(channel, first.lastRecordStart(), (int) (first.end() - first.lastRecordStart())) : null;
    if (after != null && Arrays.equals(before, after)) {
      // The record read the same twice: it is complete. Records after it are for the next round.
      return new Cut(first.end(), first);
    }
    return new Cut(second.settledEnd(), second);
  }

  static byte[] read(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      if (ch.read(b, position + b.position()) < 0) {
        break;
      }
    }
    return b.array();
  }
}
