package dev.pouch.agent.maintenance;

import dev.pouch.agent.audit.Actor;
import dev.pouch.agent.audit.AuditLog;
import dev.pouch.agent.concurrent.ParallelReads;
import dev.pouch.agent.index.IndexStore;
import dev.pouch.agent.lock.LockMode;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.lock.RepositoryLock;
import dev.pouch.agent.pack.PackContents;
import dev.pouch.agent.pack.PackFormat;
import dev.pouch.agent.pack.PackReader;
import dev.pouch.agent.repository.PackId;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.ByteRange;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code repair index}: rebuilds the index from the packs' own headers, for when index objects were lost or damaged.
 * Under an exclusive lock it lists {@code index/} and {@code data/}, reads the tail of each pack (one ranged read, a
 * second one only for an unusually large header), authenticates the header, writes new index objects covering every
 * readable pack, and only then deletes the old index objects (audited). Packs whose header does not authenticate (or
 * that are not where their name says) are left in place and reported; their hash is not checked here
 * ({@code verify --read-data} does that).
 *
 * <p>A pack whose header is damaged may still hold intact chunks, and the old index may be the only description of
 * them left: what the old index objects that still authenticate say about such a pack is carried into the new index,
 * so deleting the old objects never loses it. The report says which skipped packs were kept that way and which are
 * in no index now.
 *
 * <p>A read that fails, or returns fewer bytes than listed, is a storage failure, not damage: it is thrown, and the
 * rebuild stops before it writes or deletes anything. It is not retried here: the one retry layer is the storage
 * decorator, which cannot see a body that ends early, and a rerun under the same lock costs only the header reads.
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

  /**
   * A pack whose header could not be used, and why. {@code keptFromOldIndex}: its entries were carried over from an
   * old index object that authenticates; otherwise no such object described it (or it is not where its name says),
   * and its chunks are now in no index.
   */
  public record SkippedPack(String key, String reason, boolean keptFromOldIndex) {}

  /**
   * What the rebuild found and did. {@code packsIndexed} counts packs indexed from their own header; the skipped
   * packs kept from the old index are indexed too.
   */
  public record RebuildReport(int packs, int packsIndexed, List<SkippedPack> skipped, int indexesWritten,
      int indexesDeleted) {

    /** Skipped packs still indexed, by what the old index said about them. */
    public List<SkippedPack> kept() {
      return skipped.stream().filter(SkippedPack::keptFromOldIndex).toList();
    }

    /** Skipped packs in no index now. */
    public List<SkippedPack> unindexed() {
      return skipped.stream().filter(p -> !p.keptFromOldIndex()).toList();
    }
  }

  /** One listed pack: its contents from its header, or why not ({@code id} null when it is misplaced). */
  private record Header(BlobInfo info, PackId id, PackContents contents, String failure) {}

  public RebuildReport rebuild(Actor actor, String command) throws IOException {
    try (RepositoryLock lock = locks.acquire(LockMode.EXCLUSIVE, "repair index")) {
      IndexStore store = new IndexStore(repository);
      List<BlobInfo> oldIndexes = store.list();
      List<BlobInfo> packs;
      try (Stream<BlobInfo> list = repository.backend().list(RepositoryLayout.DATA)) {
        packs = list.toList();
      }
      PackReader reader = new PackReader(repository.keyring());
      List<Header> headers = ParallelReads.map(packs, threads, info -> header(reader, info));
      List<PackContents> readable = headers.stream().map(Header::contents).filter(Objects::nonNull).toList();
      Set<PackId> damaged = headers.stream().filter(h -> h.contents() == null && h.id() != null)
          .map(Header::id).collect(Collectors.toSet());
      Map<PackId, PackContents> kept = damaged.isEmpty() ? Map.of() : fromOldIndex(store, oldIndexes, damaged);
      List<SkippedPack> skipped = headers.stream().filter(h -> h.contents() == null)
          .map(h -> new SkippedPack(h.info().key().value(), h.failure(), h.id() != null && kept.containsKey(h.id())))
          .sorted(Comparator.comparing(SkippedPack::key)).toList();

      List<PackContents> indexed = new ArrayList<>(readable);
      indexed.addAll(kept.values());
      // Replacing, not creating: an old object of the same name (same entries) may be a damaged copy.
      Set<String> written = new HashSet<>(store.write(indexed, PutMode.CREATE_OR_REPLACE));
      List<BlobKey> doomed = oldIndexes.stream().map(i -> i.key().name()).filter(n -> !written.contains(n))
          .map(RepositoryLayout::index).toList();
      new AuditLog(repository).deleteRecorded(actor, command, List.of(), doomed,
          "repair index: replaced by " + written.size() + " index object(s) rebuilt from " + readable.size()
              + " pack headers" + (kept.isEmpty() ? "" : " and the old entries of " + kept.size()
              + " pack(s) whose header did not authenticate"));
      return new RebuildReport(packs.size(), readable.size(), skipped, written.size(), doomed.size());
    }
  }

  private Header header(PackReader reader, BlobInfo info) throws IOException {
    PackId id;
    try {
      id = new PackId(info.key().name());
    } catch (IllegalArgumentException e) {
      return new Header(info, null, null, e.getMessage());
    }
    if (!RepositoryLayout.pack(id).equals(info.key())) {
      return new Header(info, null, null, info.key() + " is not where pack " + id + " belongs");
    }
    long size = info.sizeBytes();
    if (size < PackFormat.TRAILER_BYTES) {
      return new Header(info, id, null, "pack " + id + " is listed with " + size + " bytes, too few for a trailer");
    }
    try {
      return new Header(info, id, reader.headerFromTail(id, size, readTail(info.key(), size,
          Math.min(size, FIRST_TAIL_BYTES)), needed -> readTail(info.key(), size, needed)), null);
    } catch (IntegrityException e) {
      return new Header(info, id, null, e.getMessage());
    }
  }

  /**
   * What the old index objects that authenticate say about the {@code wanted} packs. An object that does not
   * authenticate is passed over: what it says is not trusted, and the packs only it described are reported as
   * unindexed.
   */
  private static Map<PackId, PackContents> fromOldIndex(IndexStore store, List<BlobInfo> oldIndexes,
      Set<PackId> wanted) throws IOException {
    Map<PackId, PackContents> found = new HashMap<>();
    ParallelReads.inOrder(oldIndexes, ParallelReads.READ_AHEAD, store::read, (info, entries) -> {
      List<PackContents> packs;
      try {
        packs = entries.get();
      } catch (IntegrityException e) {
        return;
      }
      for (PackContents pack : packs) {
        if (wanted.contains(pack.id())) {
          found.putIfAbsent(pack.id(), pack);
        }
      }
    });
    return found;
  }

  private byte[] readTail(BlobKey key, long size, long length) throws IOException {
    try (InputStream in = repository.backend().open(key, ByteRange.of(size - length, length))) {
      byte[] bytes = in.readNBytes((int) length);
      if (bytes.length != length) {
        // The listing gave the size, so the store holds these bytes: an early end is the read failing.
        throw new StorageException.Transient("open", key, repository.backend().describe(), "read " + bytes.length
            + " of " + length + " tail bytes (a short read); repair index stopped before writing or deleting "
            + "anything, run it again", null);
      }
      return bytes;
    }
  }
}
