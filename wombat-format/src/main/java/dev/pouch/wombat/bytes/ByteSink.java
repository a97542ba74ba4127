package dev.pouch.wombat.bytes;

import java.io.IOException;

/**
 * Positional writes into one file, as Wombat performs them: in-place writes into a preallocated, zero-filled file
 * (WAL, value log), sequential appends (SSTable, MANIFEST) and size changes ({@code ftruncate}).
 *
 * <p>Regions never written read as zero. Implementations need not be thread-safe; durability ({@code fsync}) is not
 * part of the contract because Wombat itself rarely syncs.
 */
public interface ByteSink {

  /** Writes {@code src[off..off+len)} at {@code position}, growing the file if the range ends past it. */
  void write(long position, byte[] src, int off, int len) throws IOException;

  /** Sets the file size; growing fills with zeros (sparse where the filesystem supports it). */
  void setLength(long newLength) throws IOException;

  /** The current file size. */
  long length() throws IOException;
}
