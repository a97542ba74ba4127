package dev.pouch.agent.chunking;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a stream into content-defined chunks. Each chunk is returned as a fresh array (it is handed to other threads
 * for compression and encryption), so the reader's own buffer can be reused at once, also for the next stream
 * ({@link #start}): a buffer per file (twice the largest chunk) was half of a backup's allocations.
 */
public final class ChunkReader {

  private final FastCdcChunker chunker;
  private InputStream in;
  private byte[] buffer = new byte[0];
  private long remaining;
  private int start;
  private int end;
  private boolean eof;

  public ChunkReader(FastCdcChunker chunker, InputStream in) {
    this(chunker, in, Long.MAX_VALUE);
  }

  /** Reads at most {@code limit} bytes of {@code in}: a live file is captured up to the size seen at scan time. */
  public ChunkReader(FastCdcChunker chunker, InputStream in, long limit) {
    this(chunker);
    start(in, limit);
  }

  /** A reader without a stream yet; see {@link #start}. */
  public ChunkReader(FastCdcChunker chunker) {
    this.chunker = chunker;
    this.eof = true;
  }

  /**
   * Starts reading at most {@code limit} bytes of {@code in}, dropping what is left of the previous stream. The buffer
   * is kept and grows only as far as a stream needs (at most twice the largest chunk).
   */
  public void start(InputStream in, long limit) {
    this.in = in;
    this.remaining = limit;
    this.start = 0;
    this.end = 0;
    this.eof = false;
    int wanted = (int) Math.min(2L * chunker.params().maxSizeBytes(), limit);
    if (buffer.length < wanted) {
      buffer = new byte[wanted];
    }
  }

  /** The next chunk, or null at the end of the stream. */
  public byte[] next() throws IOException {
    fill();
    int available = end - start;
    if (available == 0) {
      return null;
    }
    int cut = chunker.nextCut(buffer, start, available);
    byte[] chunk = Arrays.copyOfRange(buffer, start, start + cut);
    start += cut;
    return chunk;
  }

  private void fill() throws IOException {
    int max = chunker.params().maxSizeBytes();
    if (eof || end - start >= max) {
      return;
    }
    if (start > 0) {
      System.arraycopy(buffer, start, buffer, 0, end - start);
      end -= start;
      start = 0;
    }
    while (end < buffer.length && end - start < max) {
      if (remaining == 0) {
        eof = true;
        return;
      }
      int n = in.read(buffer, end, (int) Math.min(buffer.length - end, remaining));
      if (n < 0) {
        eof = true;
        return;
      }
      end += n;
      remaining -= n;
    }
  }
}
