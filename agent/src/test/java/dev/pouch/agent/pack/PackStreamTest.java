package dev.pouch.agent.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.crypto.Keyring;
import java.io.ByteArrayInputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackStreamTest {

  private final Keyring keyring = Keyring.create(new SecureRandom());

  @TempDir
  java.nio.file.Path spool;

  /** A pack of {@code count} random chunks of {@code bytes} each, as stored. */
  private PackWriter.FinishedPack pack(int count, int bytes) throws Exception {
    PackWriter w = new PackWriter(keyring.currentAead(), keyring.currentEpoch(), new PackSpool(spool), null);
    Random random = new Random(count);
    for (int i = 0; i < count; i++) {
      byte[] raw = new byte[bytes];
      random.nextBytes(raw);
      w.seal(ChunkId.of(keyring.contentIdKey().id(raw)), raw, 0, raw.length, raw.length, false);
    }
    return w.finish();
  }

  @Test
  void chunksTakenOnTheWayAndTheTailMatchThePackAndItsName() throws Exception {
    try (PackWriter.FinishedPack p = pack(40, 20_000)) { // 800 KB: longer than the tail kept
      byte[] stored = PackTest.bytes(p);
      PackStream stream = new PackStream(new ByteArrayInputStream(stored), stored.length);
      PackEntry third = p.contents().entries().get(2);
      byte[] chunk = new byte[third.storedLength()];
      assertThat(stream.skipTo(third.offset())).isTrue();
      assertThat(stream.read(chunk, chunk.length)).isTrue();
      assertThat(chunk).isEqualTo(Arrays.copyOfRange(stored, (int) third.offset(),
          (int) third.offset() + third.storedLength()));
      assertThat(new PackReader(keyring).chunk(third, p.contents().epoch(), chunk, 0)).hasSize(20_000);

      assertThat(stream.endsAsNamed(p.contents().id())).isTrue();
      assertThat(stream.tail()).hasSize(PackStream.TAIL_BYTES)
          .isEqualTo(Arrays.copyOfRange(stored, stored.length - PackStream.TAIL_BYTES, stored.length));
      assertThat(new PackReader(keyring).headerFromTail(p.contents().id(), stored.length, stream.tail()))
          .isEqualTo(p.contents());
    }
  }

  @Test
  void aShortLongOrAlteredStreamDoesNotEndAsNamed() throws Exception {
    try (PackWriter.FinishedPack p = pack(3, 1000)) {
      byte[] stored = PackTest.bytes(p);
      byte[] shorter = Arrays.copyOf(stored, stored.length - 1);
      byte[] longer = Arrays.copyOf(stored, stored.length + 1);
      byte[] altered = stored.clone();
      altered[100] ^= 1;
      for (byte[] given : new byte[][] {shorter, longer, altered}) {
        PackStream stream = new PackStream(new ByteArrayInputStream(given), stored.length);
        assertThat(stream.endsAsNamed(p.contents().id())).isFalse();
      }
      PackStream whole = new PackStream(new ByteArrayInputStream(stored), stored.length);
      assertThat(whole.endsAsNamed(p.contents().id())).isTrue();
      assertThat(whole.tail()).isEqualTo(stored); // a pack smaller than the tail is kept whole
      // A broken or hostile listing's negative size is a pack that is not its name, not a crash of the whole verify.
      PackStream negative = new PackStream(new ByteArrayInputStream(stored), -5);
      assertThat(negative.endsAsNamed(p.contents().id())).isFalse();
    }
  }

  @Test
  void aSpooledCopyChecksTheNameAndReadsBackHeaderAndChunks() throws Exception {
    try (PackWriter.FinishedPack p = pack(40, 20_000)) {
      byte[] stored = PackTest.bytes(p);
      PackReader reader = new PackReader(keyring);
      try (SpooledPack copy = SpooledPack.copy(new ByteArrayInputStream(stored), p.contents().id(), 1 << 20,
          new PackSpool(spool))) {
        assertThat(copy.size()).isEqualTo(stored.length);
        assertThat(copy.header(p.contents().id(), reader)).isEqualTo(p.contents());
        PackEntry last = p.contents().entries().get(39);
        assertThat(reader.chunk(last, p.contents().epoch(), copy.read(last.offset(), last.storedLength()), 0))
            .hasSize(20_000);
        assertThat(copy.content().read(0, stored.length)).isEqualTo(stored);
        assertThatThrownBy(() -> copy.read(stored.length - 10, 11)).isInstanceOf(PackFormatException.class);
      }
      byte[] altered = stored.clone();
      altered[7] ^= 1;
      assertThatThrownBy(() -> SpooledPack.copy(new ByteArrayInputStream(altered), p.contents().id(), 1 << 20,
          new PackSpool(spool))).isInstanceOf(IntegrityException.class).hasMessageContaining("does not hash");
      assertThatThrownBy(() -> SpooledPack.copy(new ByteArrayInputStream(stored), p.contents().id(), 1000,
          new PackSpool(spool))).isInstanceOf(IntegrityException.class).hasMessageContaining("larger than 1000");
    }
  }

  @Test
  void anAuthenticChunkThatDoesNotDecompressIsAnIntegrityProblemNotAnAbort() throws Exception {
    // Sealed correctly but flagged compressed with bytes that are not zstd: a writer's bug, which verify must report
    // among its problems (it counts IntegrityException) rather than stop on a plain I/O error.
    byte[] notZstd = "certainly not a zstd frame".getBytes();
    ChunkId id = ChunkId.of(keyring.contentIdKey().id(new byte[100]));
    PackWriter w = new PackWriter(keyring.currentAead(), keyring.currentEpoch(), new PackSpool(spool), null);
    w.seal(id, notZstd, 0, notZstd.length, 100, true);
    try (PackWriter.FinishedPack p = w.finish()) {
      byte[] stored = PackTest.bytes(p);
      PackEntry entry = p.contents().entries().get(0);
      assertThatThrownBy(() -> new PackReader(keyring).chunkInto(entry, keyring.currentEpoch(), stored,
          (int) entry.offset(), PackReader.Check.TAG, new PackReader.Scratch()))
          .isInstanceOf(IntegrityException.class).hasMessageStartingWith("zstd data is corrupt");
    }
  }
}
