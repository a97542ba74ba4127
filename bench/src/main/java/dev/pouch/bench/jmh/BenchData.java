package dev.pouch.bench.jmh;

import dev.pouch.agent.chunking.ChunkReader;
import dev.pouch.agent.chunking.ChunkerParams;
import dev.pouch.agent.chunking.FastCdcChunker;
import dev.pouch.bench.dataset.Mix;
import dev.pouch.bench.dataset.WombatDataSet;
import dev.pouch.crypto.SymmetricKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Shared inputs: Wombat-shaped bytes (about 2x compressible), the default chunker, fixed keys. */
final class BenchData {

  static final int MIB = 1 << 20;
  static final long GEAR_SEED = 0x5eed_0f_9ea2L;

  private BenchData() {}

  static byte[] sample(int mebibytes) {
    return WombatDataSet.sample(mebibytes * MIB, Mix.MIXED, 1);
  }

  static FastCdcChunker chunker() {
    return new FastCdcChunker(ChunkerParams.defaults(GEAR_SEED));
  }

  /** The sample cut into content-defined chunks (about 1 MiB each), as the backup pipeline sees them. */
  static List<byte[]> chunks(byte[] sample) {
    try {
      ChunkReader reader = new ChunkReader(chunker(), new ByteArrayInputStream(sample));
      List<byte[]> chunks = new ArrayList<>();
      for (byte[] c = reader.next(); c != null; c = reader.next()) {
        chunks.add(c);
      }
      return chunks;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fixed key: benchmarks must not depend on the key, and a fixed one keeps runs comparable. */
  static SymmetricKey key(int seed) {
    byte[] bytes = new byte[SymmetricKey.BYTES];
    new Random(seed).nextBytes(bytes);
    return SymmetricKey.of(bytes);
  }
}
