package dev.pouch.agent.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.crypto.Keyring;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackTest {

  private final Keyring keyring = Keyring.create(new SecureRandom());

  private SealedChunk sealed(byte[] raw) {
    ChunkId id = ChunkId.of(keyring.contentIdKey().id(raw));
    return new SealedChunk(id, keyring.currentAead().seal(raw, PackFormat.chunkContext(id, keyring.currentEpoch())),
        raw.length, false);
  }

  @TempDir
  Path spoolDirectory;

  private PackWriter writer() throws IOException {
    return new PackWriter(keyring.currentAead(), keyring.currentEpoch(), new PackSpool(spoolDirectory), null);
  }

  /** Seals the chunks straight into the pack, as a backup does. */
  private PackWriter.FinishedPack pack(byte[]... chunks) throws IOException {
    PackWriter w = writer();
    for (byte[] c : chunks) {
      w.seal(ChunkId.of(keyring.contentIdKey().id(c)), c, 0, c.length, c.length, false);
    }
    return w.finish();
  }

  /** The finished pack's bytes, as a put reads them. */
  static byte[] bytes(PackWriter.FinishedPack p) {
    try {
      return p.content().read(0, Math.toIntExact(p.length()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void chunksSealedIntoThePackAndChunksAddedSealedReadTheSame() throws Exception {
    byte[] big = new byte[5000];
    new SecureRandom().nextBytes(big);
    byte[] small = "small".getBytes();
    PackWriter w = writer();
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
  void aWriterReusingAnotherWritersScratchWritesTheSamePackAsANewOne() throws Exception {
    byte[] large = new byte[3000];
    new SecureRandom().nextBytes(large);
    PackWriter first = writer();
    first.seal(ChunkId.of(keyring.contentIdKey().id(large)), large, 0, large.length, large.length, false);
    byte[] scratch = first.scratch();
    assertThat(scratch.length).isGreaterThanOrEqualTo(large.length + dev.pouch.crypto.Aead.OVERHEAD);
    first.close();

    byte[] chunk = "second pack".getBytes();
    ChunkId id = ChunkId.of(keyring.contentIdKey().id(chunk));
    PackWriter reusing = new PackWriter(keyring.currentAead(), keyring.currentEpoch(), new PackSpool(spoolDirectory),
        scratch);
    reusing.seal(id, chunk, 0, chunk.length, chunk.length, false);
    assertThat(reusing.scratch()).as("a scratch large enough is kept").isSameAs(scratch);
    try (PackWriter.FinishedPack second = reusing.finish()) {
      PackReader reader = new PackReader(keyring);
      PackReader.checkName(second.contents().id(), bytes(second));
      PackContents header = reader.header(second.contents().id(), bytes(second));
      assertThat(header.entries()).hasSize(1);
      assertThat(reader.chunk(header.entries().get(0), header.epoch(), bytes(second), 0)).isEqualTo(chunk);
    }
  }

  @Test
  void aSpooledPackLeavesNoFileBehindAndIsGoneOnceClosed() throws Exception {
    PackWriter.FinishedPack p = pack("alpha".getBytes(), new byte[70_000]);
    try (Stream<Path> files = Files.list(spoolDirectory)) {
      assertThat(files).as("the spool file has no name while it is open").isEmpty();
    }
    byte[] stored = bytes(p);
    assertThat(stored).hasSize(Math.toIntExact(p.length()));
    assertThat(p.content().read(10, 20)).isEqualTo(Arrays.copyOfRange(stored, 10, 30));
    p.close();
    assertThatThrownBy(() -> p.content().read(0, 1)).isInstanceOf(IOException.class);

    PackWriter abandoned = writer();
    abandoned.seal(ChunkId.of(keyring.contentIdKey().id(new byte[10])), new byte[10], 0, 10, 10, false);
    abandoned.close();
    assertThatThrownBy(() -> abandoned.seal(ChunkId.of(keyring.contentIdKey().id(new byte[1])), new byte[1], 0, 1, 1,
        false)).as("a closed writer takes nothing more").isInstanceOf(IOException.class);
  }

  @Test
  void aSpoolDirectoryThatCannotBeWrittenIsNamedInTheError() {
    Path missing = spoolDirectory.resolve("missing");
    assertThatThrownBy(() -> new PackWriter(keyring.currentAead(), keyring.currentEpoch(), new PackSpool(missing),
        null)).isInstanceOf(IOException.class)
        .hasMessage("cannot write packs to the spool directory " + missing + ": the directory does not exist"
            + " (set TMPDIR to a writable directory with room for a few packs)");
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
  void everyFlippedBitIsDetectedByNameOrAuthentication() throws Exception {
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
  void aChunkStoredUnderAnotherIdIsRejected() throws Exception {
    PackWriter.FinishedPack p = pack("one".getBytes());
    PackEntry e = p.contents().entries().get(0);
    PackEntry lying = new PackEntry(ChunkId.of(keyring.contentIdKey().id("two".getBytes())), e.offset(),
        e.storedLength(), e.rawLength(), false);
    assertThatThrownBy(() -> new PackReader(keyring).chunk(lying, p.contents().epoch(), bytes(p), 0))
        .isInstanceOf(IntegrityException.class);
  }

  @Test
  void truncatedPackIsRejected() throws Exception {
    PackWriter.FinishedPack p = pack("x".getBytes());
    for (int len = 0; len < bytes(p).length; len++) {
      byte[] cut = java.util.Arrays.copyOf(bytes(p), len);
      assertThatThrownBy(() -> new PackReader(keyring).header(p.contents().id(), cut))
          .isInstanceOf(IntegrityException.class);
    }
  }

  @Test
  void aWriteThatRunsOutOfSpaceAbandonsThePackInsteadOfLeavingItsBytesAndEntriesApart() throws Exception {
    byte[] first = new byte[4000];
    byte[] second = new byte[300_000]; // more than one 256 KiB slice: part of it is written before the disk is full
    byte[] third = new byte[100];
    new SecureRandom().nextBytes(first);
    new SecureRandom().nextBytes(second);
    Path file = Files.createTempFile(spoolDirectory, "pack", ".tmp");
    FileChannel disk = new SpaceLimitedChannel(FileChannel.open(file, StandardOpenOption.READ,
        StandardOpenOption.WRITE), first.length + 200 + 100_000);
    PackWriter w = new PackWriter(keyring.currentAead(), keyring.currentEpoch(), disk, spoolDirectory, null);
    w.seal(ChunkId.of(keyring.contentIdKey().id(first)), first, 0, first.length, first.length, false);

    assertThatThrownBy(() -> w.seal(ChunkId.of(keyring.contentIdKey().id(second)), second, 0, second.length,
        second.length, false))
        .isInstanceOf(IOException.class)
        .hasMessage("cannot write a pack to the spool directory " + spoolDirectory + ": No space left on device "
            + "(set TMPDIR to a writable directory with room for a few packs)");
    // Space may come back (another pack's upload ends and its spool file goes), but this pack holds part of a chunk.
    assertThatThrownBy(() -> w.seal(ChunkId.of(keyring.contentIdKey().id(third)), third, 0, third.length,
        third.length, false)).isInstanceOf(IOException.class).hasMessageStartingWith("pack abandoned after a failed "
        + "write: cannot write a pack to the spool directory");
    assertThatThrownBy(w::finish).isInstanceOf(IOException.class).hasMessageStartingWith("pack abandoned");
    assertThat(w.count()).isEqualTo(1);
    w.close();
    assertThat(disk.isOpen()).isFalse();
  }
}
