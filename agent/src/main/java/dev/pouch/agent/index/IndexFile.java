package dev.pouch.agent.index;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.pack.PackContents;
import dev.pouch.agent.pack.PackEntry;
import dev.pouch.agent.repository.PackId;
import dev.pouch.agent.repository.MalformedObjectException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Plaintext of an index object (before zstd and sealing), all integers little-endian, ids as raw bytes:
 * <pre>
 *   "PIDX" | version u32 = 1 | pack count u32
 *   | pack count x (pack id 32 B | key epoch u32 | entry count u32
 *                   | entry count x (chunk id 32 B | offset u32 | stored length u32 | raw length u32 | flags u8))
 * </pre>
 * Entry offsets are implicit in packs but explicit here so a reader can fetch one chunk with one ranged read.
 */
public final class IndexFile {

  private static final int MAGIC = 0x58444950; // "PIDX" read little-endian
  private static final int PACK_BYTES = 32 + 4 + 4;
  private static final int ENTRY_BYTES = 32 + 3 * 4 + 1;

  private IndexFile() {}

  public static byte[] encode(List<PackContents> packs) {
    long entryCount = packs.stream().mapToLong(p -> p.entries().size()).sum();
    ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(12 + packs.size() * (long) PACK_BYTES
        + entryCount * ENTRY_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(MAGIC).putInt(1).putInt(packs.size());
    for (PackContents pack : packs) {
      b.put(pack.id().bytes()).putInt(pack.epoch()).putInt(pack.entries().size());
      for (PackEntry e : pack.entries()) {
        b.put(e.chunk().bytes());
        b.putInt((int) e.offset()).putInt(e.storedLength()).putInt(e.rawLength())
            .put((byte) (e.compressed() ? 1 : 0));
      }
    }
    return b.array();
  }

  public static List<PackContents> decode(byte[] plain, String name) throws MalformedObjectException {
    try {
      ByteBuffer b = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
      if (b.getInt() != MAGIC || b.getInt() != 1) {
        throw malformed(name, "bad magic or version", null);
      }
      int packCount = b.getInt();
      if (packCount < 0 || (long) packCount * PACK_BYTES > b.remaining()) {
        throw malformed(name, "pack count " + packCount + " exceeds the object", null);
      }
      List<PackContents> packs = new ArrayList<>(packCount);
      byte[] id = new byte[32];
      for (int p = 0; p < packCount; p++) {
        b.get(id);
        PackId pack = PackId.of(id);
        int epoch = b.getInt();
        int count = b.getInt();
        if (count < 0 || (long) count * ENTRY_BYTES > b.remaining()) {
          throw malformed(name, "pack " + pack + " claims " + count + " entries", null);
        }
        List<PackEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          b.get(id);
          long offset = Integer.toUnsignedLong(b.getInt());
          int stored = b.getInt();
          int raw = b.getInt();
          int flags = b.get();
          if (stored < 0 || raw < 0 || (flags & ~1) != 0) {
            throw malformed(name, "entry " + i + " of pack " + pack + " is invalid", null);
          }
          entries.add(new PackEntry(ChunkId.of(id), offset, stored, raw, flags == 1));
        }
        packs.add(new PackContents(pack, epoch, entries));
      }
      if (b.hasRemaining()) {
        throw malformed(name, b.remaining() + " trailing bytes", null);
      }
      return packs;
    } catch (BufferUnderflowException e) {
      throw malformed(name, "truncated", e);
    }
  }

  private static MalformedObjectException malformed(String name, String why, Throwable cause) {
    return new MalformedObjectException("index " + name + " is malformed: " + why, cause);
  }
}
