package dev.pouch.wombat.vlog;

import dev.pouch.wombat.bytes.ByteSink;
import java.io.IOException;

/**
 * Appends records to one value-log file the way {@code VLogFile} does: the file is preallocated to its capacity
 * ({@code value_log_file_size}) and records are written in place at the write offset. The caller applies the
 * compression rule ({@link ValueCompression#storedPayload}). Not thread-safe.
 */
public final class VlogWriter {
  private final ByteSink sink;
  private final long fileId;
  private final long capacity;
  private long writeOffset;

  private VlogWriter(ByteSink sink, long fileId, long capacity) {
    this.sink = sink;
    this.fileId = fileId;
    this.capacity = capacity;
  }

  /** Preallocates {@code sink} to {@code capacity} zero bytes and returns a writer at offset 0. */
  public static VlogWriter create(ByteSink sink, long fileId, long capacity) throws IOException {
    sink.setLength(capacity);
    return new VlogWriter(sink, fileId, capacity);
  }

  /** The file id this writer's pointers carry. */
  public long fileId() {
    return fileId;
  }

  /** The offset of the next record. */
  public long writeOffset() {
    return writeOffset;
  }

  /** The preallocated size. */
  public long capacity() {
    return capacity;
  }

  /** Wombat's {@code hasSpace}: whether {@code bytes} more fit before the capacity. */
  public boolean hasSpace(long bytes) {
    return writeOffset + bytes <= capacity;
  }

  /**
   * Writes a record holding {@code storedPayload} and returns its pointer.
   *
   * @throws IllegalStateException if the record does not fit (Wombat's {@code FileFull})
   */
  public ValuePointer append(byte[] storedPayload) throws IOException {
    byte[] record = VlogRecordCodec.encode(storedPayload);
    if (!hasSpace(record.length)) {
      throw new IllegalStateException("value-log file " + fileId + " is full");
    }
    long at = writeOffset;
    sink.write(at, record, 0, record.length);
    writeOffset += record.length;
    return new ValuePointer(fileId, at, record.length);
  }
}
