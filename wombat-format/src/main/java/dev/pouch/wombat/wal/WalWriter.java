package dev.pouch.wombat.wal;

import dev.pouch.wombat.bytes.ByteSink;
import java.io.IOException;

/**
 * Appends records to one WAL segment the way {@code WriteAheadLog} does: the file is created at {@code
 * mem_table_size} zero bytes; a record that does not fit doubles the file once ({@code ftruncate} to twice the size)
 * and is then written in place. Not thread-safe.
 *
 * <p>With {@code splitHeaderAndPayload} each record is written in two steps, header first, so that a concurrent
 * reader can observe a header whose payload is still zero, as through Wombat's shared mmap.
 */
public final class WalWriter {
  private final ByteSink sink;
  private final boolean splitHeaderAndPayload;
  private long fileSize;
  private long writeOffset;

  private WalWriter(ByteSink sink, long fileSize, boolean splitHeaderAndPayload) {
    this.sink = sink;
    this.fileSize = fileSize;
    this.splitHeaderAndPayload = splitHeaderAndPayload;
  }

  /** Sets {@code sink} to {@code initialSize} zero bytes ({@code MmapFile.create}) and returns a writer at 0. */
  public static WalWriter create(ByteSink sink, long initialSize, boolean splitHeaderAndPayload) throws IOException {
    if (initialSize < WalRecord.HEADER_SIZE) {
      throw new IllegalArgumentException("a WAL segment starts with at least 17 bytes, not " + initialSize);
    }
    sink.setLength(initialSize);
    return new WalWriter(sink, initialSize, splitHeaderAndPayload);
  }

  /** The offset of the next record. */
  public long writeOffset() {
    return writeOffset;
  }

  /** The current file size. */
  public long fileSize() {
    return fileSize;
  }

  /**
   * Writes {@code record} at the write offset and returns the offset it starts at.
   *
   * @throws IllegalStateException if the record does not fit even after doubling (Wombat's write then fails with
   *     {@code OutOfBounds}, after having doubled the file)
   */
  public long append(WalRecord record) throws IOException {
    byte[] encoded = WalRecordCodec.encode(record);
    ensureRoom(encoded.length);
    long at = writeOffset;
    if (splitHeaderAndPayload && encoded.length > WalRecord.HEADER_SIZE) {
      sink.write(at, encoded, 0, WalRecord.HEADER_SIZE);
      sink.write(at + WalRecord.HEADER_SIZE, encoded, WalRecord.HEADER_SIZE, encoded.length - WalRecord.HEADER_SIZE);
    } else {
      sink.write(at, encoded, 0, encoded.length);
    }
    writeOffset += encoded.length;
    return at;
  }

  /**
   * Writes only the header of {@code record} and leaves its payload zero, without advancing: the torn write a crash
   * between the two steps of a split write leaves behind.
   */
  public void appendHeaderOnly(WalRecord record) throws IOException {
    byte[] encoded = WalRecordCodec.encode(record);
    ensureRoom(encoded.length);
    sink.write(writeOffset, encoded, 0, WalRecord.HEADER_SIZE);
  }

  /**
   * Appends {@code count} all-zero records, as Wombat's recovery does when it replays the zero tail of a segment
   * into a new one. The region is already zero, so only the offset advances and the file doubles where a record
   * would not fit, one doubling per record as in {@code writeEntry}.
   */
  public void appendZeroRecords(long count) throws IOException {
    long remaining = count;
    while (remaining > 0) {
      long fit = (fileSize - writeOffset) / WalRecord.HEADER_SIZE;
      if (fit >= remaining) {
        writeOffset += remaining * WalRecord.HEADER_SIZE;
        return;
      }
      writeOffset += fit * WalRecord.HEADER_SIZE;
      remaining -= fit;
      fileSize *= 2;
      sink.setLength(fileSize);
    }
  }

  /** Leaves {@code length} zero bytes before the next record: the hole a lost write would leave. */
  public void skip(long length) throws IOException {
    ensureRoom(length);
    writeOffset += length;
  }

  private void ensureRoom(long size) throws IOException {
    if (writeOffset + size > fileSize) {
      fileSize *= 2;
      sink.setLength(fileSize);
      if (writeOffset + size > fileSize) {
        throw new IllegalStateException("record of " + size + " bytes does not fit after doubling to " + fileSize);
      }
    }
  }
}
