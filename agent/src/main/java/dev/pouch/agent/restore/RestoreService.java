package dev.pouch.agent.restore;

import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.concurrent.FirstFailure;
import dev.pouch.agent.index.ChunkIndex;
import dev.pouch.agent.index.ChunkLocation;
import dev.pouch.agent.index.IndexStore;
import dev.pouch.agent.pack.PackEntry;
import dev.pouch.agent.repository.PackId;
import dev.pouch.agent.pack.PackReader;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.agent.snapshot.EntryType;
import dev.pouch.agent.snapshot.FileEntry;
import dev.pouch.agent.snapshot.Snapshot;
import dev.pouch.agent.repository.SnapshotId;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.storage.ByteRange;
import dev.pouch.storage.StorageException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Restores a snapshot into a directory. Everything is checked before the first byte is written: paths (see
 * {@link RestorePaths}), that every chunk is indexed and that sizes add up. Data is then fetched pack by pack (one
 * ranged read per pack, packs in parallel), each chunk authenticated before it is written at its
 * offsets. Metadata (modes, mtimes) and symlinks come last.
 *
 * <p>Chunks are authenticated by their GCM tag, which binds each to its id; the keyed-hash re-identification that
 * {@code verify --read-data} adds is left out here (11% of a restore's CPU in the bench's profile).
 */
public final class RestoreService {

  private final Repository repository;

  public RestoreService(Repository repository) {
    this.repository = repository;
  }

  /**
   * What was restored.
   *
   * @param wombat the by-meaning check of a restored Wombat directory, or null when the snapshot is not of one or
   *     verification was turned off
   */
  public record RestoreResult(SnapshotId id, Snapshot snapshot, Path target, int files, long bytes,
      Duration duration, RestoredWombatCheck.Result wombat) {}

  private record Target(int file, long offset) {}

  private record Planned(ChunkLocation location, List<Target> targets) {}

  public RestoreResult restore(RestoreRequest request, Progress progress) throws IOException {
    Instant started = repository.clock().instant();
    SnapshotStore.Stored stored = new SnapshotStore(repository).resolve(request.snapshot());
    Snapshot snapshot = stored.snapshot();
    RestorePaths.check(snapshot.files());
    IndexStore.Loaded loaded = new IndexStore(repository).loadAll();
    List<FileEntry> files = snapshot.files().stream().filter(f -> f.type() == EntryType.FILE).toList();
    Map<PackId, Map<ChunkId, Planned>> plan = plan(files, loaded.index(), stored.id());

    Path targetReal = prepareTarget(request.target(), request.force());
    long total = files.stream().mapToLong(FileEntry::size).sum();
    if (!request.force()) { // --force frees the space of the files it replaces, which usable space does not show
      checkSpace(targetReal, total, usableSpace(targetReal));
    }
    createDirectories(targetReal, snapshot.files());
    List<Path> paths = new ArrayList<>(files.size());
    for (FileEntry f : files) {
      Path p = RestorePaths.resolve(targetReal, f.path());
      ensureParentInside(targetReal, p);
      if (request.force()) {
        Files.deleteIfExists(p);
      }
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS)) {
        if (f.size() > 0) {
          ch.write(ByteBuffer.allocate(1), f.size() - 1); // sized (sparse) now, filled by pack order later
        }
      }
      paths.add(p);
    }

    progress.start("restore", total, files.size());
    fetch(plan, paths, request.threads(), progress);
    progress.finish();

    for (int i = 0; i < files.size(); i++) {
      applyMetadata(paths.get(i), files.get(i));
    }
    for (FileEntry e : snapshot.files()) {
      if (e.type() == EntryType.SYMLINK) {
        Path link = RestorePaths.resolve(targetReal, e.path());
        ensureParentInside(targetReal, link);
        if (request.force()) {
          Files.deleteIfExists(link);
        }
        Files.createSymbolicLink(link, Path.of(e.linkTarget()));
        Files.getFileAttributeView(link, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .setTimes(FileTime.from(e.mtime()), null, null);
      }
    }
    List<FileEntry> dirs = new ArrayList<>(snapshot.files().stream()
        .filter(e -> e.type() == EntryType.DIRECTORY).toList());
    dirs.sort(Comparator.comparing(FileEntry::path).reversed()); // children before parents: mtimes stick
    for (FileEntry d : dirs) {
      applyMetadata(RestorePaths.resolve(targetReal, d.path()), d);
    }
    RestoredWombatCheck.Result wombat = null;
    if (snapshot.wombat() != null && !request.raw()) {
      List<String> layout = WombatLayout.prepare(targetReal, snapshot.wombat());
      if (request.verify()) {
        wombat = RestoredWombatCheck.check(targetReal, snapshot.wombat()).withNotes(layout);
      }
    }
    return new RestoreResult(stored.id(), snapshot, targetReal, files.size(), total,
        Duration.between(started, repository.clock().instant()), wombat);
  }

  /** Groups every chunk reference by pack; fails before writing if a chunk is missing or sizes do not add up. */
  private static Map<PackId, Map<ChunkId, Planned>> plan(List<FileEntry> files, ChunkIndex index, SnapshotId id)
      throws IntegrityException {
    Map<PackId, Map<ChunkId, Planned>> plan = new LinkedHashMap<>();
    for (int i = 0; i < files.size(); i++) {
      FileEntry f = files.get(i);
      long offset = 0;
      for (String hex : f.chunks()) {
        ChunkId chunk = ChunkId.parse(hex);
        ChunkLocation loc = index.find(chunk).orElseThrow(() -> new IntegrityException("chunk " + hex + " of '"
            + f.path() + "' in snapshot " + id.shortHex() + " is in no index; run 'pouch verify'"));
        plan.computeIfAbsent(loc.pack(), k -> new LinkedHashMap<>())
            .computeIfAbsent(chunk, k -> new Planned(loc, new ArrayList<>()))
            .targets().add(new Target(i, offset));
        offset += loc.entry().rawLength();
      }
      if (offset != f.size()) {
        throw new IntegrityException("'" + f.path() + "' in snapshot " + id.shortHex() + " claims " + f.size()
            + " bytes but its chunks hold " + offset);
      }
    }
    return plan;
  }

  private void fetch(Map<PackId, Map<ChunkId, Planned>> plan, List<Path> paths, int threads, Progress progress)
      throws IOException {
    PackReader reader = new PackReader(repository.keyring());
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
      Thread t = new Thread(r, "pouch-restore");
      t.setDaemon(true);
      return t;
    });
    // Buffers handed from pack to pack: a new span, payload and raw array per pack and chunk made the collector copy
    // and promote about a GiB per GiB restored.
    ConcurrentLinkedQueue<PackReader.Scratch> spare = new ConcurrentLinkedQueue<>();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Map.Entry<PackId, Map<ChunkId, Planned>> pack : plan.entrySet()) {
        futures.add(pool.submit(() -> {
          PackReader.Scratch scratch = Objects.requireNonNullElseGet(spare.poll(), PackReader.Scratch::new);
          restorePack(reader, pack.getKey(), pack.getValue().values(), paths, scratch);
          spare.offer(scratch);
          long bytes = pack.getValue().values().stream()
              .mapToLong(p -> (long) p.location().entry().rawLength() * p.targets().size()).sum();
          synchronized (progress) {
            progress.advance(bytes);
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          futures.forEach(other -> other.cancel(true));
          throw FirstFailure.rethrow(e.getCause()); // out of memory reaches the CLI as itself, with its hint
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("restore interrupted");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // A write from a heap array goes through a temporary direct buffer of the write's size, which the JDK keeps per
  // thread: writing in slices keeps that native memory small whatever the chunk size.
  private static final int WRITE_SLICE_BYTES = 256 * 1024;
  private static final double MIB = 1024 * 1024;

  /**
   * Restores the planned chunks of one pack from one ranged read over them, chunk by chunk in pack order, so a
   * worker holds one chunk, not the span (a 16 MiB span per worker did not fit a 128 MiB heap with four workers).
   */
  private void restorePack(PackReader reader, PackId pack, java.util.Collection<Planned> chunks, List<Path> paths,
      PackReader.Scratch scratch) throws IOException {
    List<Planned> inPackOrder = new ArrayList<>(chunks);
    inPackOrder.sort(Comparator.comparingLong(p -> p.location().entry().offset()));
    long start = inPackOrder.get(0).location().entry().offset();
    long end = 0;
    for (Planned p : inPackOrder) {
      end = Math.max(end, p.location().entry().offset() + p.location().entry().storedLength());
    }
    Map<Integer, FileChannel> open = new HashMap<>();
    try (InputStream in = repository.backend().open(RepositoryLayout.pack(pack), ByteRange.of(start, end - start))) {
      long position = start;
      for (Planned p : inPackOrder) {
        PackEntry e = p.location().entry();
        if (e.offset() < position) {
          throw new IntegrityException("pack " + pack + " lists overlapping chunks at offset " + e.offset());
        }
        int length = e.storedLength();
        byte[] sealed = scratch.sealed(length);
        try {
          in.skipNBytes(e.offset() - position); // the gap of chunks this restore does not need
        } catch (EOFException eof) {
          throw truncated(pack, start, end, e.offset());
        }
        if (in.readNBytes(sealed, 0, length) != length) {
          throw truncated(pack, start, end, e.offset() + length);
        }
        position = e.offset() + length;
        int rawLength = reader.chunkInto(e, p.location().epoch(), sealed, 0, PackReader.Check.TAG, scratch);
        for (Target t : p.targets()) {
          FileChannel ch = open.get(t.file());
          if (ch == null) {
            ch = FileChannel.open(paths.get(t.file()), StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            open.put(t.file(), ch);
          }
          try {
            for (int done = 0; done < rawLength; ) {
              done += ch.write(ByteBuffer.wrap(scratch.raw(), done,
                  Math.min(WRITE_SLICE_BYTES, rawLength - done)), t.offset() + done);
            }
          } catch (ClosedChannelException | InterruptedIOException interrupted) {
            throw interrupted; // said as such
          } catch (IOException failed) {
            // "No space left on device" alone does not say where
            throw new IOException("cannot write " + paths.get(t.file()) + ": " + failed.getMessage(), failed);
          }
        }
      }
    } catch (StorageException.NotFound e) {
      // The index lists the pack, so its absence is damage to the repository (exit 3), as verify reports it.
      throw new IntegrityException(RepositoryLayout.pack(pack).value() + " is missing from "
          + repository.backend().describe() + " although the index lists it", e);
    } finally {
      IOException first = null;
      for (FileChannel ch : open.values()) {
        try {
          ch.close();
        } catch (IOException e) {
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
      if (first != null) {
        throw first;
      }
    }
  }

  /** Refuses a restore the target's file system cannot hold, before anything is downloaded. */
  static void checkSpace(Path target, long needed, long usable) throws IOException {
    if (usable < needed) {
      throw new IOException(String.format(Locale.ROOT, "the restore needs %.1f MiB and the file system of %s has "
          + "%.1f MiB free; free space there or choose another --target", needed / MIB, target, usable / MIB));
    }
  }

  private static long usableSpace(Path target) {
    try {
      return Files.getFileStore(target).getUsableSpace();
    } catch (IOException e) {
      return Long.MAX_VALUE; // not known: the writes will tell
    }
  }

  private IOException truncated(PackId pack, long start, long end, long before) throws IOException {
    return repository.shortRead(RepositoryLayout.pack(pack), before, "pack " + pack + " is truncated: needed bytes "
        + start + ".." + end + ", it ends before " + before);
  }

  private static Path prepareTarget(Path target, boolean force) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isDirectory(abs)) {
        throw new FileAlreadyExistsException(abs.toString(), null, "restore target exists and is not a directory");
      }
      if (!force) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(abs)) {
          if (ds.iterator().hasNext()) {
            throw new TargetNotEmptyException("restore target " + abs + " is not empty; choose an empty directory or "
                + "pass --force to overwrite the files the snapshot names");
          }
        }
      }
    } else {
      Files.createDirectories(abs);
    }
    return abs.toRealPath();
  }

  private static void createDirectories(Path targetReal, List<FileEntry> entries) throws IOException {
    for (FileEntry e : entries) {
      if (e.type() == EntryType.DIRECTORY) {
        Path dir = RestorePaths.resolve(targetReal, e.path());
        ensureParentInside(targetReal, dir);
        if (Files.isSymbolicLink(dir) || (Files.exists(dir) && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS))) {
          throw new FileAlreadyExistsException(dir.toString(), null, "exists and is not a directory");
        }
        if (!Files.exists(dir)) {
          Files.createDirectory(dir);
        }
      }
    }
  }

  /** Creates missing parents and proves, on the real filesystem, that none of them leads outside the target. */
  private static void ensureParentInside(Path targetReal, Path p) throws IOException {
    Path parent = p.getParent();
    Files.createDirectories(parent);
    if (!parent.toRealPath().startsWith(targetReal)) {
      throw new UnsafeSnapshotException("'" + targetReal.relativize(p) + "' would be written through a symlink "
          + "outside the restore target");
    }
  }

  /**
   * Mode and mtime of a restored file or directory, never through a symbolic link: a crafted snapshot on a
   * case-insensitive filesystem could replace a directory with a link to one outside the target before this runs.
   */
  static void applyMetadata(Path p, FileEntry e) throws IOException {
    // Checked first: the JDK's chmod with NOFOLLOW_LINKS follows the link on Linux (no lchmod there).
    if (Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isSymbolicLink()) {
      throw new UnsafeSnapshotException("'" + e.path() + "' was replaced by a symbolic link during the restore "
          + "(paths that differ only in case?); its mode and time are not applied through it");
    }
    PosixFileAttributeView posix = Files.getFileAttributeView(p, PosixFileAttributeView.class,
        LinkOption.NOFOLLOW_LINKS);
    if (posix != null) { // null on a non-POSIX filesystem: contents and times still restore
      posix.setPermissions(permissions(e.mode()));
    }
    Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(FileTime.from(e.mtime()), null, null);
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] all = PosixFilePermission.values();
    for (int i = 0; i < all.length; i++) {
      if ((mode & (1 << (8 - i))) != 0) {
        perms.add(all[i]);
      }
    }
    return perms;
  }
}
