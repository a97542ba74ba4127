package dev.pouch.bench.dataset;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A simplified SSTable in Wombat's spirit: entries {@code key_len u32 | value_len u32 | seq u64 | meta u8 | key |
 * value} (little-endian) in key order, an index of every 4 KiB block's first key, and a 64-byte footer that starts
 * with Wombat's SST magic ({@code BE BA FE CA 02 00 00 00}) so pouch classifies it as an SSTable. Blocks are not
 * compressed, as with Wombat's {@code compression = none}: a backup tool sees compressible data.
 */
final class SstFile {

  static final int ENTRY_HEADER_BYTES = 17;
  static final int FOOTER_BYTES = 64;
  private static final int BLOCK_BYTES = 4096;

  private SstFile() {}

  /** Writes {@code records} (already in key order) to {@code file}. */
  static void write(Path file, List<SstRecord> records) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      ByteBuffer header = ByteBuffer.allocate(ENTRY_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      List<byte[]> indexKeys = new ArrayList<>();
      List<Long> indexOffsets = new ArrayList<>();
      long offset = 0;
      long blockStart = -BLOCK_BYTES;
      for (SstRecord r : records) {
        if (offset - blockStart >= BLOCK_BYTES) {
          blockStart = offset;
          indexKeys.add(r.key());
          indexOffsets.add(offset);
        }
        header.clear();
        header.putInt(r.key().length).putInt(r.value().length).putLong(r.sequence()).put((byte) r.meta());
        out.write(header.array());
        out.write(r.key());
        out.write(r.value());
        offset += r.encodedBytes();
      }
      long indexOffset = offset;
      ByteBuffer entry = ByteBuffer.allocate(4 + 8).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < indexKeys.size(); i++) {
        entry.clear();
        entry.putInt(indexKeys.get(i).length).putLong(indexOffsets.get(i));
        out.write(entry.array());
        out.write(indexKeys.get(i));
        offset += 12 + indexKeys.get(i).length;
      }
      ByteBuffer footer = ByteBuffer.allocate(FOOTER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      footer.putInt(0xCAFEBABE).putInt(2).putLong(indexOffset).putLong(offset - indexOffset).putLong(records.size());
      out.write(footer.array());
    }
  }

  /** Reads back the entries of a file written by {@link #write}. */
  static List<SstRecord> read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int footer = bytes.length - FOOTER_BYTES;
    if (footer < 0 || b.getInt(footer) != 0xCAFEBABE) {
      throw new IOException(file + " is not an SSTable written by the bench generator");
    }
    long indexOffset = b.getLong(footer + 8);
    List<SstRecord> records = new ArrayList<>();
    b.position(0);
    while (b.position() < indexOffset) {
      int keyLength = b.getInt();
      int valueLength = b.getInt();
      long sequence = b.getLong();
      int meta = b.get() & 0xff;
      byte[] key = new byte[keyLength];
      b.get(key);
      byte[] value = new byte[valueLength];
      b.get(value);
      records.add(new SstRecord(key, sequence, meta, value));
    }
    return records;
  }
}
