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

  private PackWriter.FinishedPack pack(byte[]... chunks) {
    PackWriter w = new PackWriter(keyring.currentAead(), keyring.currentEpoch(), 1024);
    for (byte[] c : chunks) {
      w.add(sealed(c));
    }
    return w.finish();
  }

  @Test
  void headerListsEveryChunkAndChunksRoundTrip() throws Exception {
    PackWriter.FinishedPack p = pack("alpha".getBytes(), "beta".getBytes(), new byte[0]);
    PackReader reader = new PackReader(keyring);
    PackReader.checkName(p.contents().id(), p.bytes());
    PackContents header = reader.header(p.contents().id(), p.bytes());
    assertThat(header).isEqualTo(p.contents());
    assertThat(reader.chunk(header.entries().get(1), header.epoch(), p.bytes(),
        (int) header.entries().get(1).offset())).isEqualTo("beta".getBytes());
  }

  @Test
  void everyFlippedBitIsDetectedByNameOrAuthentication() {
    PackWriter.FinishedPack p = pack("some chunk data".getBytes());
    PackReader reader = new PackReader(keyring);
    for (int bit = 0; bit < p.bytes().length * 8; bit++) {
      byte[] copy = p.bytes().clone();
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
    assertThatThrownBy(() -> new PackReader(keyring).chunk(lying, p.contents().epoch(), p.bytes(), 0))
        .isInstanceOf(IntegrityException.class);
  }

  @Test
  void truncatedPackIsRejected() {
    PackWriter.FinishedPack p = pack("x".getBytes());
    for (int len = 0; len < p.bytes().length; len++) {
      byte[] cut = java.util.Arrays.copyOf(p.bytes(), len);
      assertThatThrownBy(() -> new PackReader(keyring).header(p.contents().id(), cut))
          .isInstanceOf(IntegrityException.class);
    }
  }
}
