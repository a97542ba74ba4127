package dev.pouch.agent.maintenance;

import dev.pouch.agent.pack.PackContents;
import dev.pouch.agent.pack.PackEntry;
import dev.pouch.agent.pack.PackFormat;
import dev.pouch.agent.pack.PackReader;
import dev.pouch.agent.pack.PackSpool;
import dev.pouch.agent.pack.PackWriter;
import dev.pouch.agent.pack.SealedChunk;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.crypto.Aead;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.storage.ByteRange;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Moves chunks out of old packs into new ones sealed under the current key epoch. Each old pack is fetched with one
 * ranged read covering the chunks to move; every chunk is authenticated and re-identified before it is carried
 * over. A chunk already sealed under the current epoch is carried as is; one of an older epoch is opened and
 * sealed again (its compressed payload is unchanged). New packs are complete before upload and never overwrite.
 * Not thread-safe; one instance per prune.
 */
final class Repacker implements AutoCloseable {

  private final Repository repository;
  private final PackReader reader;
  private final Aead aead;
  private final int epoch;
  private final int packTargetBytes;
  private final List<PackContents> written = new ArrayList<>();
  private long bytesWritten;
  private PackWriter current;

  Repacker(Repository repository) {
    this.repository = repository;
    this.reader = new PackReader(repository.keyring());
    this.aead = repository.keyring().currentAead();
    this.epoch = repository.keyring().currentEpoch();
    this.packTargetBytes = repository.config().packTargetBytes();
  }

  /** Carries {@code move} (entries of {@code pack}) into new packs. */
  void carry(PackContents pack, List<PackEntry> move) throws IOException {
    List<PackEntry> entries = new ArrayList<>(move);
    entries.sort(Comparator.comparingLong(PackEntry::offset));
    long start = entries.get(0).offset();
    PackEntry last = entries.get(entries.size() - 1);
    long length = last.offset() + last.storedLength() - start;
    if (length > Integer.MAX_VALUE - 8) {
      throw new IntegrityException("pack " + pack.id() + " claims a chunk range of " + length + " bytes");
    }
    byte[] range;
    try (InputStream in = repository.backend().open(RepositoryLayout.pack(pack.id()), ByteRange.of(start, length))) {
      range = in.readNBytes((int) length);
    }
    if (range.length != length) {
      throw repository.shortRead(RepositoryLayout.pack(pack.id()), start + length, "pack " + pack.id()
          + " is truncated: read " + range.length + " of " + length + " bytes from offset " + start);
    }
    for (PackEntry e : entries) {
      int offset = (int) (e.offset() - start);
      reader.chunk(e, pack.epoch(), range, offset); // authenticates and re-identifies; throws on any mismatch
      byte[] sealed;
      if (pack.epoch() == epoch) {
        sealed = Arrays.copyOfRange(range, offset, offset + e.storedLength());
      } else {
        byte[] payload = repository.keyring().aead(pack.epoch()).open(range, offset, e.storedLength(),
            PackFormat.chunkContext(e.chunk(), pack.epoch()));
        sealed = aead.seal(payload, PackFormat.chunkContext(e.chunk(), epoch));
      }
      if (current == null) {
        current = new PackWriter(aead, epoch, PackSpool.temporary(), null);
      }
      current.add(new SealedChunk(e.chunk(), sealed, e.rawLength(), e.compressed()));
      if (current.full(packTargetBytes)) {
        flush();
      }
    }
  }

  /** Uploads the last partial pack; returns every pack written. */
  List<PackContents> finish() throws IOException {
    flush();
    return List.copyOf(written);
  }

  long bytesWritten() {
    return bytesWritten;
  }

  private void flush() throws IOException {
    if (current == null) {
      return;
    }
    try (PackWriter pack = current; PackWriter.FinishedPack finished = pack.finish()) {
      current = null;
      finished.storeIn(repository.backend());
      written.add(finished.contents());
      bytesWritten += finished.length();
    }
  }

  /** Discards a pack left unfinished by a failed carry. */
  @Override
  public void close() throws IOException {
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
