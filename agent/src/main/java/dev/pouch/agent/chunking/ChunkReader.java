package dev.pouch.agent.chunking;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a stream into content-defined chunks. Each chunk is returned as a fresh array (it is handed to other threads
 * for compression and encryption), so the reader's own buffer can be reused at once.
 */
public final class ChunkReader {

  private final FastCdcChunker chunker;
  private final InputStream in;
  private final byte[] buffer;
  private long remaining;
  private int start;
  private int end;
  private boolean eof;

  public ChunkReader(FastCdcChunker chunker, InputStream in) {
    this(chunker, in, Long.MAX_VALUE);
  }

  /** Reads at most {@code limit} bytes of {@code in}: a live file is captured up to the size seen at scan time. */
  public ChunkReader(FastCdcChunker chunker, InputStream in, long limit) {
    this.chunker = chunker;
    this.in = in;
    this.remaining = limit;
    this.buffer = new byte[chunker.params().maxSizeBytes() * 2];
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
