package dev.pouch.agent.pack;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.crypto.AeadContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Byte layout of a pack (docs/repository-format.md):
 * <pre>
 *   sealed chunk 0 | sealed chunk 1 | ... | sealed header | trailer
 *   trailer (16 B) = sealed header length u32 LE | key epoch u32 LE | "PCHPACK1"
 *   header plaintext = "PHDR" | count u32 LE | count x (chunk id 32 B | stored length u32 | raw length u32 | flags u8)
 * </pre>
 * Chunks follow each other without gaps, so offsets are implicit. A sealed chunk's AEAD context is
 * ("chunk", chunk id hex, epoch); the header's is ("pack-header", "", epoch). The header lets a lost index be rebuilt
 * from the packs alone.
 */
public final class PackFormat {

  public static final byte[] TRAILER_MAGIC = {'P', 'C', 'H', 'P', 'A', 'C', 'K', '1'};
  public static final int TRAILER_BYTES = 16;
  static final byte[] HEADER_MAGIC = {'P', 'H', 'D', 'R'};
  static final int ENTRY_BYTES = ChunkId.BYTES + 9;
  static final int FLAG_ZSTD = 1;
  /** Header entries a pack may claim, against hostile counts (a 512 MiB pack of 64-byte chunks). */
  static final int MAX_ENTRIES = 8 * 1024 * 1024;
  /**
   * Entries pouch writes into one pack at most, whatever its byte size: a header of 10.75 MB, which every reader can
   * hold within the launcher's heap (8 Mi entries, the readable maximum, would need 344 MB).
   */
  static final int MAX_ENTRIES_WRITTEN = 1 << 18;
  /** The largest sealed header the format allows: {@link #MAX_ENTRIES} entries. */
  static final long MAX_SEALED_HEADER_BYTES = 8 + (long) MAX_ENTRIES * ENTRY_BYTES + dev.pouch.crypto.Aead.OVERHEAD;

  private PackFormat() {}

  public static AeadContext chunkContext(ChunkId id, int epoch) {
    return new AeadContext("chunk", id.hex(), epoch);
  }

  static AeadContext headerContext(int epoch) {
    return new AeadContext("pack-header", "", epoch);
  }

  static byte[] encodeHeader(List<PackEntry> entries) {
    ByteBuffer b = ByteBuffer.allocate(8 + entries.size() * ENTRY_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.put(HEADER_MAGIC).putInt(entries.size());
    for (PackEntry e : entries) {
      e.chunk().writeTo(b.order(ByteOrder.BIG_ENDIAN));
      b.order(ByteOrder.LITTLE_ENDIAN);
      b.putInt(e.storedLength()).putInt(e.rawLength()).put((byte) (e.compressed() ? FLAG_ZSTD : 0));
    }
    return b.array();
  }

  /** Parses an authenticated header; {@code dataLength} is where the chunks end (start of the sealed header). */
  static List<PackEntry> decodeHeader(byte[] plain, long dataLength) throws PackFormatException {
    ByteBuffer b = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
    if (plain.length < 8 || b.getInt(0) != ByteBuffer.wrap(HEADER_MAGIC).order(ByteOrder.LITTLE_ENDIAN).getInt()) {
      throw new PackFormatException("pack header has no PHDR magic");
    }
    b.position(4);
    int count = b.getInt();
    if (count < 0 || count > MAX_ENTRIES || plain.length != 8 + (long) count * ENTRY_BYTES) {
      throw new PackFormatException("pack header claims " + Integer.toUnsignedString(count) + " entries in "
          + plain.length + " bytes");
    }
    List<PackEntry> entries = new ArrayList<>(count);
    long offset = 0;
    for (int i = 0; i < count; i++) {
      b.order(ByteOrder.BIG_ENDIAN);
      ChunkId id = new ChunkId(b.getLong(), b.getLong(), b.getLong(), b.getLong());
      b.order(ByteOrder.LITTLE_ENDIAN);
      int stored = b.getInt();
      int raw = b.getInt();
      int flags = b.get() & 0xff;
      if (stored < 0 || raw < 0 || (flags & ~FLAG_ZSTD) != 0) {
        throw new PackFormatException("pack header entry " + i + " is invalid");
      }
      entries.add(new PackEntry(id, offset, stored, raw, (flags & FLAG_ZSTD) != 0));
      offset += stored;
    }
    if (offset != dataLength) {
      throw new PackFormatException("pack header covers " + offset + " bytes of chunks, pack holds " + dataLength);
    }
    return entries;
  }
}
