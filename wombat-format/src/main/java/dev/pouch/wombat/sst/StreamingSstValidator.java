package dev.pouch.wombat.sst;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.compression.ZlibCodec;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Validates an SSTable against the same rules as {@link SstValidator}, reading its data blocks from bytes that stream
 * past once: {@link #open} reads only the tail (footer, bloom filter, indexes), then {@link #accept} takes the file's
 * bytes in order from offset 0 (the bytes a backup reads anyway) and checks each block as soon as it is complete.
 * This saves a second read of every new table. Not thread-safe.
 */
public final class StreamingSstValidator implements AutoCloseable {

  private final SstStructure structure;
  private final ZlibCodec zlib;
  private final SstValidator.BlockChecks checks;
  private final long blocksEnd;
  private int block;
  // The block being filled, in one buffer reused for every block; wanted is its size, -1 after the last block.
  private byte[] current = new byte[0];
  private int wanted;
  private int filled;
  private long position;
  private SstValidation failed;

  private StreamingSstValidator(SstStructure structure) {
    this.structure = structure;
    this.zlib = new ZlibCodec(-1);
    this.checks = new SstValidator.BlockChecks(structure, zlib);
    SstStructure.BlockExtent last = structure.blocks.isEmpty() ? null
        : structure.blocks.get(structure.blocks.size() - 1);
    this.blocksEnd = last == null ? 0 : last.offset() + last.size();
    nextBlock();
  }

  /** Either a validator waiting for the table's bytes, or the failed validation of its tail. */
  public record Start(Optional<StreamingSstValidator> validator, Optional<SstValidation> failed) {}

  /** Reads the tail of {@code file} (at most its metadata) and prepares to check its blocks. */
  public static Start open(ByteSource file) throws IOException {
    SstValidator.Tail tail = SstValidator.tail(file);
    if (tail.failed() != null) {
      return new Start(Optional.empty(), Optional.of(tail.failed()));
    }
    return new Start(Optional.of(new StreamingSstValidator(tail.structure())), Optional.empty());
  }

  /** The next bytes of the file, in order; bytes after the last data block (the metadata) are ignored. */
  public void accept(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    int at = offset;
    int end = offset + length;
    while (at < end && failed == null && wanted >= 0) {
      int n = Math.min(end - at, wanted - filled);
      System.arraycopy(bytes, at, current, filled, n);
      filled += n;
      at += n;
      if (filled == wanted) {
        failed = checks.check(block, current, wanted);
        block++;
        nextBlock();
      }
    }
    position += length;
  }

  /** The validation once every byte was passed; a failure when the blocks were not all seen. */
  public SstValidation finish() {
    if (failed != null) {
      return failed;
    }
    if (wanted >= 0) {
      return SstValidation.failed(SstCheck.SIZE, "only " + position + " bytes were read, the data blocks end at "
          + blocksEnd, structure.footer);
    }
    return checks.result();
  }

  private void nextBlock() {
    wanted = block < structure.blocks.size() ? (int) structure.blocks.get(block).size() : -1;
    if (wanted > current.length) {
      current = new byte[wanted];
    }
    filled = 0;
  }

  @Override
  public void close() {
    zlib.close();
  }
}
