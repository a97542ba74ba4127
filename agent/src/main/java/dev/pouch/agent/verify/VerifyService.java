package dev.pouch.agent.verify;

import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.concurrent.FirstFailure;
import dev.pouch.agent.index.ChunkLocation;
import dev.pouch.agent.index.IndexStore;
import dev.pouch.agent.pack.PackContents;
import dev.pouch.agent.pack.PackEntry;
import dev.pouch.agent.pack.PackReader;
import dev.pouch.agent.pack.PackStream;
import dev.pouch.agent.repository.PackId;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.agent.snapshot.FileEntry;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.ByteRange;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Checks a repository: every index and snapshot authenticates and parses, every chunk a snapshot needs is indexed
 * and its pack exists with a plausible size; with {@code readData}, every pack is downloaded, its hash checked
 * against its name, its header against the index, and every chunk authenticated and re-identified.
 */
public final class VerifyService {

  private final Repository repository;

  public VerifyService(Repository repository) {
    this.repository = repository;
  }

  public VerifyReport verify(boolean readData, int threads, Progress progress) throws IOException {
    List<Problem> problems = Collections.synchronizedList(new ArrayList<>());
    IndexStore.Loaded loaded = new IndexStore(repository).loadAll();
    for (IndexStore.Unreadable u : loaded.unreadable()) {
      problems.add(new Problem(RepositoryLayout.index(u.name()).value(), u.reason(), List.of()));
    }

    Map<PackId, Long> stored = new TreeMap<>();
    try (Stream<BlobInfo> list = repository.backend().list(RepositoryLayout.DATA)) {
      for (BlobInfo info : list.toList()) {
        try {
          PackId id = new PackId(info.key().name());
          if (!RepositoryLayout.pack(id).equals(info.key())) {
            throw new IllegalArgumentException("misplaced");
          }
          stored.put(id, info.sizeBytes());
        } catch (IllegalArgumentException e) {
          problems.add(new Problem(info.key().value(), "is not a pack (unexpected name or place)", List.of()));
        }
      }
    }

    SnapshotStore.Listing listing = new SnapshotStore(repository).list();
    for (SnapshotStore.Unreadable u : listing.unreadable()) {
      problems.add(new Problem(RepositoryLayout.snapshot(u.id()).value(), u.reason(), List.of(u.id().shortHex())));
    }
    Map<PackId, Set<String>> snapshotsByPack = new HashMap<>();
    for (SnapshotStore.Stored s : listing.snapshots()) {
      Set<String> missing = new TreeSet<>();
      for (FileEntry f : s.snapshot().files()) {
        for (String hex : f.chunks()) {
          ChunkLocation loc = loaded.index().find(ChunkId.parse(hex)).orElse(null);
          if (loc == null) {
            missing.add(f.path());
            continue;
          }
          snapshotsByPack.computeIfAbsent(loc.pack(), k -> new HashSet<>()).add(s.id().shortHex());
        }
      }
      for (String path : missing) {
        problems.add(new Problem(RepositoryLayout.snapshot(s.id()).value(), "'" + path + "' needs chunks that no "
            + "index lists", List.of(s.id().shortHex())));
      }
    }

    Map<PackId, List<PackEntry>> indexed = new HashMap<>();
    Map<PackId, Integer> epochs = new HashMap<>();
    loaded.index().forEach(loc -> {
      indexed.computeIfAbsent(loc.pack(), k -> new ArrayList<>()).add(loc.entry());
      epochs.put(loc.pack(), loc.epoch());
    });
    for (Map.Entry<PackId, List<PackEntry>> e : indexed.entrySet()) {
      Long size = stored.get(e.getKey());
      long needed = e.getValue().stream().mapToLong(x -> x.offset() + x.storedLength()).max().orElse(0);
      List<String> affected = sorted(snapshotsByPack.get(e.getKey()));
      if (size == null) {
        problems.add(new Problem(RepositoryLayout.pack(e.getKey()).value(), "is missing", affected));
      } else if (size < needed) {
        problems.add(new Problem(RepositoryLayout.pack(e.getKey()).value(), "is truncated: " + size + " bytes, "
            + "the index needs " + needed, affected));
      }
    }
    int unreferenced = (int) stored.keySet().stream().filter(p -> !indexed.containsKey(p)).count();

    long chunksChecked = 0;
    int packsRead = 0;
    if (readData) {
      List<PackId> toRead = stored.keySet().stream().filter(indexed::containsKey).toList();
      packsRead = toRead.size();
      long totalBytes = toRead.stream().mapToLong(stored::get).sum();
      progress.start("verify", totalBytes, toRead.size());
      PackReader reader = new PackReader(repository.keyring());
      ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
        Thread t = new Thread(r, "pouch-verify");
        t.setDaemon(true);
        return t;
      });
      // Chunk buffers handed from pack to pack instead of new arrays per chunk (see RestoreService).
      ConcurrentLinkedQueue<PackReader.Scratch> spare = new ConcurrentLinkedQueue<>();
      try {
        List<Future<Integer>> futures = new ArrayList<>();
        for (PackId pack : toRead) {
          futures.add(pool.submit(() -> {
            PackReader.Scratch scratch = Objects.requireNonNullElseGet(spare.poll(), PackReader.Scratch::new);
            int n = readPack(reader, pack, stored.get(pack), indexed.get(pack), epochs.get(pack),
                sorted(snapshotsByPack.get(pack)), problems, scratch);
            spare.offer(scratch);
            synchronized (progress) {
              progress.advance(stored.get(pack));
            }
            return n;
          }));
        }
        for (Future<Integer> f : futures) {
          chunksChecked += f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("verify interrupted");
      } catch (ExecutionException e) {
        throw FirstFailure.rethrow(e.getCause()); // out of memory reaches the CLI as itself, with its hint
      } finally {
        pool.shutdownNow();
      }
      progress.finish();
    }
    List<Problem> sortedProblems = new ArrayList<>(problems);
    sortedProblems.sort(Comparator.comparing(Problem::object));
    return new VerifyReport(listing.snapshots().size() + listing.unreadable().size(),
        loaded.names().size() + loaded.unreadable().size(), stored.size(), packsRead, chunksChecked, unreferenced,
        sortedProblems);
  }

  /**
   * Reads one pack front to back, authenticating the indexed chunks as the stream passes them, then checks the whole
   * against its name and the index against its header; integrity failures become problems, storage failures other
   * than not-found propagate. Holds one chunk at a time, not the pack.
   */
  private int readPack(PackReader reader, PackId pack, long size, List<PackEntry> expected, int epoch,
      List<String> affected, List<Problem> problems, PackReader.Scratch scratch) throws IOException {
    String key = RepositoryLayout.pack(pack).value();
    List<PackEntry> inPackOrder = new ArrayList<>(expected);
    inPackOrder.sort(Comparator.comparingLong(PackEntry::offset));
    Set<PackEntry> authentic = new HashSet<>();
    Map<PackEntry, String> unauthentic = new HashMap<>();
    PackStream stream;
    boolean named;
    try (InputStream in = repository.backend().open(RepositoryLayout.pack(pack))) {
      stream = new PackStream(in, size);
      for (PackEntry e : inPackOrder) {
        // an entry overlapping the one before or past the end is not read; the header comparison below reports it
        if (e.offset() < stream.position() || !stream.skipTo(e.offset())) {
          continue;
        }
        byte[] sealed = scratch.sealed(e.storedLength());
        if (!stream.read(sealed, e.storedLength())) {
          break;
        }
        try {
          reader.chunkInto(e, epoch, sealed, 0, PackReader.Check.TAG_AND_CONTENT_ID, scratch);
          authentic.add(e);
        } catch (IntegrityException x) {
          unauthentic.put(e, x.getMessage());
        }
      }
      named = stream.endsAsNamed(pack);
    } catch (StorageException.NotFound e) {
      problems.add(new Problem(key, "disappeared during verify", affected));
      return 0;
    }
    if (!named) {
      problems.add(new Problem(key, PackReader.notItsName(pack).getMessage(), affected));
      return 0;
    }
    try {
      // the tail the stream kept, or a second read when the header is longer
      PackContents header = reader.headerFromTail(pack, size, stream.tail(), needed -> {
        try (InputStream in = repository.backend().open(RepositoryLayout.pack(pack), ByteRange.of(size - needed,
            needed))) {
          return in.readNBytes((int) needed);
        }
      });
      Map<Long, PackEntry> byOffset = new HashMap<>();
      header.entries().forEach(e -> byOffset.put(e.offset(), e));
      int checked = 0;
      for (PackEntry e : inPackOrder) {
        PackEntry h = byOffset.get(e.offset());
        if (h == null || !h.equals(e) || header.epoch() != epoch) {
          problems.add(new Problem(key, "index entry for chunk " + e.chunk() + " does not match the pack header",
              affected));
          continue;
        }
        if (!authentic.contains(e)) {
          problems.add(new Problem(key, unauthentic.getOrDefault(e, "chunk " + e.chunk() + " could not be read"),
              affected));
          return 0;
        }
        checked++;
      }
      return checked;
    } catch (IntegrityException e) {
      problems.add(new Problem(key, e.getMessage(), affected));
      return 0;
    }
  }

  private static List<String> sorted(Set<String> s) {
    return s == null ? List.of() : s.stream().sorted().toList();
  }
}
