package dev.pouch.agent.restore;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.index.ChunkIndex;
import dev.pouch.agent.index.ChunkLocation;
import dev.pouch.agent.pack.PackEntry;
import dev.pouch.agent.pack.PackReader;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.storage.ByteRange;
import java.io.IOException;
import java.io.InputStream;

/** Reads single chunks by id with one ranged read each; authenticated and re-identified before they are returned. */
public final class ChunkFetcher {

  private final Repository repository;
  private final ChunkIndex index;
  private final PackReader reader;

  public ChunkFetcher(Repository repository, ChunkIndex index) {
    this.repository = repository;
    this.index = index;
    this.reader = new PackReader(repository.keyring());
  }

  public byte[] fetch(ChunkId id) throws IOException {
    ChunkLocation loc = index.find(id).orElseThrow(() -> new IntegrityException("chunk " + id + " is in no index; "
        + "run 'pouch verify'"));
    PackEntry e = loc.entry();
    byte[] sealed;
    try (InputStream in = repository.backend().open(RepositoryLayout.pack(loc.pack()),
        ByteRange.of(e.offset(), e.storedLength()))) {
      sealed = in.readNBytes(e.storedLength());
    }
    if (sealed.length != e.storedLength()) {
      throw repository.shortRead(RepositoryLayout.pack(loc.pack()), e.offset() + e.storedLength(), "pack "
          + loc.pack() + " is truncated at chunk " + id);
    }
    return reader.chunk(e, loc.epoch(), sealed, 0);
  }
}
