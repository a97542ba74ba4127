package dev.pouch.storage;

/** A byte range of a blob: {@code length} bytes from {@code offset}; {@link #ALL} is the whole blob. */
public record ByteRange(long offset, long length) {

  public static final ByteRange ALL = new ByteRange(0, Long.MAX_VALUE);

  public ByteRange {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative range: offset=" + offset + " length=" + length);
    }
  }

  public static ByteRange of(long offset, long length) {
    return new ByteRange(offset, length);
  }

  /** From {@code offset} to the end of the blob. */
  public static ByteRange from(long offset) {
    return new ByteRange(offset, Long.MAX_VALUE - offset);
  }

  public boolean isAll() {
    return offset == 0 && length == Long.MAX_VALUE;
  }

  /** True when the range runs to the end of the blob, whatever its size. */
  public boolean toEnd() {
    return offset + length == Long.MAX_VALUE;
  }

  /** The last byte's offset (inclusive), as HTTP Range headers want it. Only for ranges not {@link #toEnd()}. */
  public long lastInclusive() {
    return offset + length - 1;
  }
}
