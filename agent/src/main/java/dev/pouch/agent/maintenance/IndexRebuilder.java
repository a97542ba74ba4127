package dev.pouch.agent.maintenance;

import dev.pouch.agent.audit.Actor;
import dev.pouch.agent.audit.AuditLog;
import dev.pouch.agent.concurrent.ParallelReads;
import dev.pouch.agent.index.IndexStore;
import dev.pouch.agent.lock.LockMode;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.lock.RepositoryLock;
import dev.pouch.agent.pack.PackContents;
import dev.pouch.agent.pack.PackReader;
import dev.pouch.agent.repository.PackId;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.ByteRange;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code repair index}: rebuilds the index from the packs' own headers, for when index objects were lost or damaged.
 * Under an exclusive lock it lists {@code data/}, reads the tail of each pack (one ranged read, a second one only for
 * an unusually large header), authenticates the header, writes new index objects covering every readable pack, and
 * only then deletes the old index objects (audited). Packs whose header does not authenticate are left in place and
 * reported; their hash is not checked here ({@code verify --read-data} does that).
 */
public final class IndexRebuilder {

  /** Tail bytes read first: holds the header of a pack of up to ~1,500 chunks. */
  static final int FIRST_TAIL_BYTES = 64 * 1024;

  private final Repository repository;
  private final LockService locks;
  private final int threads;

  public IndexRebuilder(Repository repository, LockService locks, int threads) {
    this.repository = repository;
    this.locks = locks;
    this.threads = Math.max(1, threads);
  }

  /** A pack left out of the new index, and why. */
  public record SkippedPack(String key, String reason) {}

  /** What the rebuild found and did. */
  public record RebuildReport(int packs, int packsIndexed, List<SkippedPack> skipped, int indexesWritten,
      int indexesDeleted) {}

  public RebuildReport rebuild(Actor actor, String command) throws IOException {
    try (RepositoryLock lock = locks.acquire(LockMode.EXCLUSIVE, "repair index")) {
      List<String> oldIndexes;
      try (Stream<BlobInfo> list = repository.backend().list(RepositoryLayout.INDEX)) {
        oldIndexes = list.map(i -> i.key().name()).toList();
      }
      List<BlobInfo> packs;
      try (Stream<BlobInfo> list = repository.backend().list(RepositoryLayout.DATA)) {
        packs = list.toList();
      }
      PackReader reader = new PackReader(repository.keyring());
      List<SkippedPack> skipped = new ArrayList<>();
      List<Optional<PackContents>> headers = ParallelReads.map(packs, threads, info -> {
        try {
          return Optional.of(header(reader, info));
        } catch (IntegrityException | IllegalArgumentException | StorageException.NotFound e) {
          synchronized (skipped) {
            skipped.add(new SkippedPack(info.key().value(), e.getMessage()));
          }
          return Optional.empty();
        }
      });
      List<PackContents> readable = headers.stream().flatMap(Optional::stream).toList();
      Set<String> written = new HashSet<>(new IndexStore(repository).write(readable));
      List<BlobKey> doomed = oldIndexes.stream().filter(n -> !written.contains(n)).map(RepositoryLayout::index)
          .toList();
      new AuditLog(repository).deleteRecorded(actor, command, List.of(), doomed,
          "repair index: replaced by " + written.size() + " index object(s) rebuilt from " + readable.size()
              + " pack headers");
      skipped.sort(java.util.Comparator.comparing(SkippedPack::key));
      return new RebuildReport(packs.size(), readable.size(), skipped, written.size(), doomed.size());
    }
  }

  private PackContents header(PackReader reader, BlobInfo info) throws IOException {
    PackId id = new PackId(info.key().name());
    if (!RepositoryLayout.pack(id).equals(info.key())) {
      throw new IllegalArgumentException(info.key() + " is not where pack " + id + " belongs");
    }
    long size = info.sizeBytes();
    return reader.headerFromTail(id, size, readTail(info.key(), size, Math.min(size, FIRST_TAIL_BYTES)),
        needed -> readTail(info.key(), size, needed));
  }

  private byte[] readTail(BlobKey key, long size, long length) throws IOException {
    try (InputStream in = repository.backend().open(key, ByteRange.of(size - length, length))) {
      byte[] bytes = in.readNBytes((int) length);
      if (bytes.length != length) {
        throw new IntegrityException(key + " is shorter than listed: " + bytes.length + " of " + length
            + " tail bytes");
      }
      return bytes;
    }
  }
}
