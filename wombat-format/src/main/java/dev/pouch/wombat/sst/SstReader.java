package dev.pouch.wombat.sst;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.compression.ZlibCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads the entries of a structurally valid SSTable in key order, one block at a time. Checks the structure
 * (footer, sections, tiling) at open and each block's content as it is read; CRCs are checked only by
 * {@link SstValidator}. Not thread-safe.
 */
public final class SstReader {
  private final ByteSource file;
  private final SstStructure structure;
  private int nextBlock;
  private Iterator<SstEntry> current = List.<SstEntry>of().iterator();
  private final ZlibCodec zlib = new ZlibCodec(-1);

  private SstReader(ByteSource file, SstStructure structure) {
    this.file = file;
    this.structure = structure;
  }

  /**
   * Opens {@code file}.
   *
   * @throws SstFormatException if the footer, a section or the block tiling is invalid
   */
  public static SstReader open(ByteSource file) throws IOException {
    SstStructure.Parsed parsed = SstStructure.parse(file);
    if (parsed.structure().isEmpty()) {
      throw new SstFormatException(parsed.problem().orElseThrow());
    }
    return new SstReader(file, parsed.structure().get());
  }

  /** All entries of {@code file}. */
  public static List<SstEntry> readAll(ByteSource file) throws IOException {
    SstReader reader = open(file);
    List<SstEntry> out = new ArrayList<>();
    for (SstEntry e = reader.next(); e != null; e = reader.next()) {
      out.add(e);
    }
    return out;
  }

  /** The footer. */
  public SstFooter footer() {
    return structure.footer;
  }

  /**
   * The next entry, or null after the last.
   *
   * @throws SstFormatException if a block does not inflate or does not hold whole entries
   */
  public SstEntry next() throws IOException {
    while (!current.hasNext()) {
      if (nextBlock >= structure.blocks.size()) {
        zlib.close();
        return null;
      }
      SstStructure.BlockExtent block = structure.blocks.get(nextBlock++);
      byte[] raw = SstStructure.rawBlock(file.read(block.offset(), (int) block.size()),
          structure.footer.compression(), zlib);
      List<SstEntry> entries = raw == null ? null : SstStructure.parseEntries(raw);
      if (entries == null) {
        throw new SstFormatException(new SstProblem(SstCheck.BLOCK_CONTENT, "block at " + block.offset()));
      }
      current = entries.iterator();
    }
    SstEntry e = current.next();
    if (e == null) {
      throw new NoSuchElementException();
    }
    return e;
  }
}
