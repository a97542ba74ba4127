package dev.pouch.agent.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.repository.PackId;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.crypto.Keyring;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PackTailTest {

  private final Keyring keyring = Keyring.create(new SecureRandom());

  /** A pack of {@code count} tiny chunks: its header (41 bytes per chunk) can outgrow a first tail read. */
  private PackWriter.FinishedPack pack(int count) throws IOException {
    PackWriter w = new PackWriter(keyring.currentAead(), keyring.currentEpoch(), PackSpool.temporary(), null);
    for (int i = 0; i < count; i++) {
      byte[] raw = ByteBuffer.allocate(4).putInt(i).array();
      ChunkId id = ChunkId.of(keyring.contentIdKey().id(raw));
      w.add(new SealedChunk(id, keyring.currentAead().seal(raw, PackFormat.chunkContext(id, keyring.currentEpoch())),
          raw.length, false));
    }
    return w.finish();
  }

  /** The finished pack's bytes, as stored. */
  static byte[] bytes(PackWriter.FinishedPack p) {
    return PackTest.bytes(p);
  }

  private static byte[] tail(byte[] pack, long n) {
    return Arrays.copyOfRange(pack, pack.length - (int) n, pack.length);
  }

  @Test
  void headerFromTheTailEqualsTheWholePacksHeader() throws Exception {
    for (int count : new int[] {1, 3, 2000}) {
      PackWriter.FinishedPack p = pack(count);
      byte[] trailerOnly = tail(bytes(p), PackFormat.TRAILER_BYTES);
      long needed = PackReader.headerBytesNeeded(trailerOnly);
      PackContents fromTail = new PackReader(keyring).headerFromTail(p.contents().id(), bytes(p).length,
          tail(bytes(p), needed));
      assertThat(fromTail).isEqualTo(p.contents());
    }
  }

  @Test
  void aTailTooShortForTheHeaderIsRefused() throws Exception {
    PackWriter.FinishedPack p = pack(2000);
    assertThatThrownBy(() -> new PackReader(keyring).headerFromTail(p.contents().id(), bytes(p).length,
        tail(bytes(p), 64 * 1024))).isInstanceOf(IntegrityException.class).hasMessageContaining("tail bytes");
  }

  @Test
  void aWrongPackSizeOrAlteredHeaderFails() throws Exception {
    PackWriter.FinishedPack p = pack(3);
    long needed = PackReader.headerBytesNeeded(tail(bytes(p), PackFormat.TRAILER_BYTES));
    byte[] t = tail(bytes(p), needed);
    assertThatThrownBy(() -> new PackReader(keyring).headerFromTail(p.contents().id(), bytes(p).length + 1, t))
        .isInstanceOf(IntegrityException.class);
    t[5] ^= 1;
    assertThatThrownBy(() -> new PackReader(keyring).headerFromTail(p.contents().id(), bytes(p).length, t))
        .isInstanceOf(IntegrityException.class);
  }

  @Test
  void noTrailerMagicIsRefused() throws Exception {
    assertThatThrownBy(() -> PackReader.headerBytesNeeded(new byte[16])).isInstanceOf(PackFormatException.class);
    assertThatThrownBy(() -> PackReader.headerBytesNeeded(new byte[3])).isInstanceOf(PackFormatException.class);
  }

  /** A tail of a pack whose trailer claims a sealed header of {@code headerLength} bytes. */
  private byte[] claiming(long headerLength) {
    ByteBuffer t = ByteBuffer.allocate(PackFormat.TRAILER_BYTES).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    t.putInt((int) headerLength).putInt(keyring.currentEpoch()).put(PackFormat.TRAILER_MAGIC);
    return t.array();
  }

  @Test
  void aHeaderClaimBeyondAQuarterOfTheHeapIsRefusedBeforeAnythingIsRead() {
    // The trailer is not authenticated when index repair reads it: a damaged or hostile one claiming hundreds of MiB
    // made the rebuild run out of memory instead of skipping that pack.
    long needed = PackReader.maxHeaderBytes() + 1;
    byte[] tail = claiming(needed - PackFormat.TRAILER_BYTES);
    PackId id = new PackId("00".repeat(32));
    assertThatThrownBy(() -> new PackReader(keyring).headerFromTail(id, needed + 1000, tail, n -> {
      throw new AssertionError("read " + n + " bytes of an unauthenticated claim");
    })).isInstanceOf(IntegrityException.class)
        .hasMessageContaining("claims a " + needed + "-byte header")
        .hasMessageContaining(Runtime.getRuntime().maxMemory() / 4 < PackFormat.MAX_SEALED_HEADER_BYTES
            ? "more than a quarter of this JVM's" : "-byte header in");
    assertThat(PackReader.maxHeaderBytes()).isLessThanOrEqualTo(PackFormat.MAX_SEALED_HEADER_BYTES);
  }

  @Test
  void aPackTakesNoMoreChunksThanAReaderCanHoldTheHeaderOf() throws Exception {
    PackWriter w = new PackWriter(keyring.currentAead(), keyring.currentEpoch(), PackSpool.temporary(), null);
    byte[] raw = {1};
    ChunkId id = ChunkId.of(keyring.contentIdKey().id(raw));
    SealedChunk tiny = new SealedChunk(id, keyring.currentAead().seal(raw, PackFormat.chunkContext(id,
        keyring.currentEpoch())), 1, false);
    try (w) {
      for (int i = 0; i < PackFormat.MAX_ENTRIES_WRITTEN - 1; i++) {
        w.add(tiny);
      }
      assertThat(w.full(Long.MAX_VALUE)).isFalse();
      w.add(tiny);
      assertThat(w.full(Long.MAX_VALUE)).isTrue();
    }
    long sealedHeader = 8 + (long) PackFormat.MAX_ENTRIES_WRITTEN * PackFormat.ENTRY_BYTES
        + dev.pouch.crypto.Aead.OVERHEAD;
    assertThat(sealedHeader).isLessThan(11_000_000);
  }
}
