package dev.pouch.wombat.sst;

import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.bytes.MemoryByteSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test data: sorted entries and SSTables built from them. */
final class SstTables {
  private SstTables() {}

  /** {@code count} entries with keys {@code key-00000000...}, values of 0..{@code maxValue} bytes. */
  static List<SstEntry> entries(int count, int maxValue, long seed) {
    Random random = new Random(seed);
    List<SstEntry> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] value = new byte[random.nextInt(maxValue + 1)];
      for (int j = 0; j < value.length; j++) {
        value[j] = (byte) ('a' + random.nextInt(4));
      }
      out.add(new SstEntry(Bytes.ofUtf8(String.format("key-%08d", i * 3)), Bytes.wrap(value),
          1 + random.nextInt(1000)));
    }
    return out;
  }

  static byte[] build(List<SstEntry> entries, SstOptions options) throws IOException {
    MemoryByteSink sink = new MemoryByteSink();
    SstWriter writer = new SstWriter(sink, options);
    for (SstEntry e : entries) {
      writer.add(e.key(), e.value(), e.timestamp());
    }
    SstSummary summary = writer.finish();
    byte[] bytes = sink.toByteArray();
    if (summary.fileSize() != bytes.length) {
      throw new IllegalStateException("summary size " + summary.fileSize() + " != " + bytes.length);
    }
    return bytes;
  }

  static SstOptions options(boolean zlib, int blockSize) {
    return new SstOptions(blockSize, zlib, 0, 10_000, 0.01, 6);
  }
}
