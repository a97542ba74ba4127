package dev.pouch.bench.dataset;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.bytes.FileByteSink;
import dev.pouch.wombat.sst.SstEntry;
import dev.pouch.wombat.sst.SstOptions;
import dev.pouch.wombat.sst.SstReader;
import dev.pouch.wombat.sst.SstWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * SSTables in Wombat's exact format, through wombat-format's {@link SstWriter} and {@link SstReader}, so that pouch's
 * content checks accept them. Tables written here have uncompressed blocks (Wombat's {@code compression = none});
 * a rewrite keeps the input table's block compression.
 */
final class SstFile {

  /** Bytes of one entry's header inside a block: key_len u32, value_len u32, timestamp u64. */
  static final int ENTRY_HEADER_BYTES = 16;
  static final int FOOTER_BYTES = 64;

  private SstFile() {}

  /** Writes {@code records} (in key order) as a table at {@code level}, zlib blocks when {@code zlib}. */
  static void write(Path file, List<SstRecord> records, long level, boolean zlib) throws IOException {
    SstOptions options = new SstOptions(4096, zlib, level, Math.max(1, records.size()), 0.01, 6);
    try (FileByteSink sink = FileByteSink.open(file, true)) {
      SstWriter writer = new SstWriter(sink, options);
      for (SstRecord r : records) {
        writer.add(Bytes.wrap(r.key()), Bytes.wrap(r.value()), r.sequence());
      }
      writer.finish();
    }
  }

  /** The entries of a table, whether its blocks are zlib-compressed, and its level. */
  record Contents(List<SstRecord> records, boolean zlib, long level) {}

  static Contents read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      SstReader reader = SstReader.open(ByteSource.of(channel, Files.size(file)));
      List<SstRecord> records = new ArrayList<>();
      for (SstEntry e = reader.next(); e != null; e = reader.next()) {
        records.add(new SstRecord(e.key().toByteArray(), e.timestamp(), 0, e.value().toByteArray()));
      }
      return new Contents(records, reader.footer().compression() != 0, reader.footer().level());
    }
  }
}
