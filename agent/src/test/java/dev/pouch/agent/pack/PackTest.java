package dev.pouch.agent.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.crypto.Keyring;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PackTest {

  private final Keyring keyring = Keyring.create(new SecureRandom());

  private SealedChunk sealed(byte[] raw) {
    ChunkId id = ChunkId.of(keyring.contentIdKey().id(raw));
    return new SealedChunk(id, keyring.currentAead().seal(raw, PackFormat.chunkContext(id, keyring.currentEpoch())),
        raw.length, false);
  }

  /** Seals the chunks straight into the pack, as a backup does; a buffer of 1 KiB grows for larger ones. */
  private PackWriter.FinishedPack pack(byte[]... chunks) {
    PackWriter w = new PackWriter(keyring.currentAead(), keyring.currentEpoch(), 1024);
    for (byte[] c : chunks) {
      w.seal(ChunkId.of(keyring.contentIdKey().id(c)), c, 0, c.length, c.length, false);
    }
    return w.finish();
  }

  /** The finished pack's bytes, as stored. */
  static byte[] bytes(PackWriter.FinishedPack p) {
    return java.util.Arrays.copyOf(p.buffer(), p.length());
  }

  @Test
  void chunksSealedIntoThePackAndChunksAddedSealedReadTheSame() throws Exception {
    byte[] big = new byte[5000];
    new SecureRandom().nextBytes(big);
    byte[] small = "small".getBytes();
    PackWriter w = new PackWriter(keyring.currentAead(), keyring.currentEpoch(), 1024);
    w.add(sealed(small));
    ChunkId bigId = ChunkId.of(keyring.contentIdKey().id(java.util.Arrays.copyOfRange(big, 100, 4100)));
    w.seal(bigId, big, 100, 4000, 4000, false);
    PackWriter.FinishedPack p = w.finish();

    PackReader reader = new PackReader(keyring);
    PackReader.checkName(p.contents().id(), bytes(p));
    PackContents header = reader.header(p.contents().id(), bytes(p));
    assertThat(header.entries()).extracting(PackEntry::rawLength).containsExactly(5, 4000);
    assertThat(reader.chunk(header.entries().get(0), header.epoch(), bytes(p), 0)).isEqualTo(small);
    assertThat(reader.chunk(header.entries().get(1), header.epoch(), bytes(p), (int) header.entries().get(1).offset()))
        .isEqualTo(java.util.Arrays.copyOfRange(big, 100, 4100));
    assertThat(p.content().length()).isEqualTo(p.length());
  }

  @Test
  void aWriterReusingAnUploadedPacksBufferWritesTheSamePackAsANewOne() throws Exception {
    PackWriter.FinishedPack first = pack(new byte[3000], "first".getBytes());
    byte[] chunk = "second pack".getBytes();
    ChunkId id = ChunkId.of(keyring.contentIdKey().id(chunk));
    PackWriter reusing = new PackWriter(keyring.currentAead(), keyring.currentEpoch(), 1024, first.buffer());
    reusing.seal(id, chunk, 0, chunk.length, chunk.length, false);
    PackWriter.FinishedPack second = reusing.finish();

    assertThat(second.buffer()).isSameAs(first.buffer());
    PackReader reader = new PackReader(keyring);
    PackReader.checkName(second.contents().id(), bytes(second));
    PackContents header = reader.header(second.contents().id(), bytes(second));
    assertThat(header.entries()).hasSize(1);
    assertThat(reader.chunk(header.entries().get(0), header.epoch(), bytes(second), 0)).isEqualTo(chunk);
    assertThat(new PackWriter(keyring.currentAead(), keyring.currentEpoch(), 1 << 20, first.buffer())
        .finish().buffer()).as("a buffer too small for the target is not reused").isNotSameAs(first.buffer());
  }

  @Test
  void headerListsEveryChunkAndChunksRoundTrip() throws Exception {
    PackWriter.FinishedPack p = pack("alpha".getBytes(), "beta".getBytes(), new byte[0]);
    PackReader reader = new PackReader(keyring);
    PackReader.checkName(p.contents().id(), bytes(p));
    PackContents header = reader.header(p.contents().id(), bytes(p));
    assertThat(header).isEqualTo(p.contents());
    assertThat(reader.chunk(header.entries().get(1), header.epoch(), bytes(p),
        (int) header.entries().get(1).offset())).isEqualTo("beta".getBytes());
  }

  @Test
  void everyFlippedBitIsDetectedByNameOrAuthentication() {
    PackWriter.FinishedPack p = pack("some chunk data".getBytes());
    PackReader reader = new PackReader(keyring);
    for (int bit = 0; bit < bytes(p).length * 8; bit++) {
      byte[] copy = bytes(p).clone();
      copy[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThatThrownBy(() -> PackReader.checkName(p.contents().id(), copy)).isInstanceOf(IntegrityException.class);
      assertThatThrownBy(() -> {
        PackContents h = reader.header(p.contents().id(), copy);
        for (PackEntry e : h.entries()) {
          reader.chunk(e, h.epoch(), copy, (int) e.offset());
        }
      }).as("bit %d", bit).isInstanceOf(IntegrityException.class);
    }
  }

  @Test
  void aChunkStoredUnderAnotherIdIsRejected() {
    PackWriter.FinishedPack p = pack("one".getBytes());
    PackEntry e = p.contents().entries().get(0);
    PackEntry lying = new PackEntry(ChunkId.of(keyring.contentIdKey().id("two".getBytes())), e.offset(),
        e.storedLength(), e.rawLength(), false);
    assertThatThrownBy(() -> new PackReader(keyring).chunk(lying, p.contents().epoch(), bytes(p), 0))
        .isInstanceOf(IntegrityException.class);
  }

  @Test
  void truncatedPackIsRejected() {
    PackWriter.FinishedPack p = pack("x".getBytes());
    for (int len = 0; len < bytes(p).length; len++) {
      byte[] cut = java.util.Arrays.copyOf(bytes(p), len);
      assertThatThrownBy(() -> new PackReader(keyring).header(p.contents().id(), cut))
          .isInstanceOf(IntegrityException.class);
    }
  }
}
