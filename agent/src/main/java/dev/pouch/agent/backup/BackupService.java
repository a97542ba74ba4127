package dev.pouch.agent.backup;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.chunking.ChunkReader;
import dev.pouch.agent.chunking.FastCdcChunker;
import dev.pouch.agent.index.ChunkIndex;
import dev.pouch.agent.index.IndexStore;
import dev.pouch.agent.lock.LockMode;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.lock.RepositoryLock;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.snapshot.BackupSummary;
import dev.pouch.agent.snapshot.EntryType;
import dev.pouch.agent.snapshot.FileEntry;
import dev.pouch.agent.snapshot.Snapshot;
import dev.pouch.agent.repository.SnapshotId;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.agent.source.DirectoryScanner;
import dev.pouch.agent.source.SourceEntry;
import dev.pouch.crypto.IntegrityException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Backs up a directory: scan, reuse unchanged files from the parent snapshot without reading them, chunk and store
 * the rest, then write the index and finally the snapshot. Holds a shared lock throughout.
 */
public final class BackupService {

  private final Repository repository;
  private final LockService locks;

  public BackupService(Repository repository, LockService locks) {
    this.repository = repository;
    this.locks = locks;
  }

  /** The new snapshot and anything the user should know about it. */
  public record BackupResult(SnapshotId id, Snapshot snapshot, List<String> warnings) {}

  public BackupResult run(BackupRequest request, Progress progress) throws IOException {
    Instant started = repository.clock().instant();
    DirectoryScanner.Scan scan = new DirectoryScanner().scan(request.source(), request.excludes());
    long total = scan.entries().stream().filter(e -> e.type() == EntryType.FILE)
        .mapToLong(SourceEntry::captureBytes).sum();
    if (request.maxBackupBytes().isPresent() && total > request.maxBackupBytes().get()) {
      throw new BackupTooLargeException("source " + scan.root() + " holds " + total + " bytes, more than "
          + "max_backup_size " + request.maxBackupBytes().get() + "; nothing was written");
    }
    try (RepositoryLock lock = locks.acquire(LockMode.SHARED, "backup of " + scan.root())) {
      IndexStore indexes = new IndexStore(repository);
      IndexStore.Loaded loaded = indexes.loadAll();
      if (!loaded.unreadable().isEmpty()) {
        throw new IntegrityException("index " + loaded.unreadable().get(0).name() + " is unreadable ("
            + loaded.unreadable().get(0).reason() + "); run 'pouch verify' before backing up");
      }
      ChunkIndex index = loaded.index();
      SnapshotStore snapshots = new SnapshotStore(repository);
      Optional<SnapshotStore.Stored> parent = parent(snapshots, request, scan.root().toString());
      Map<String, FileEntry> previous = new HashMap<>();
      parent.ifPresent(p -> p.snapshot().files().forEach(f -> previous.put(f.path(), f)));

      List<String> warnings = new ArrayList<>(scan.skipped());
      List<FileEntry> files = new ArrayList<>();
      FastCdcChunker chunker = new FastCdcChunker(repository.config().chunker());
      int filesNew = 0;
      int filesChanged = 0;
      int filesUnchanged = 0;
      long bytesRead = 0;
      long bytesTotal = 0;
      progress.start("backup", total, scan.entries().size());
      ChunkPipeline.Result stored;
      try (ChunkPipeline pipeline = new ChunkPipeline(repository, index, request.threads())) {
        for (SourceEntry entry : scan.entries()) {
          progress.item(entry.path());
          if (entry.type() != EntryType.FILE) {
            files.add(new FileEntry(entry.path(), entry.type(), entry.mode(), entry.mtime(), 0, List.of(),
                entry.linkTarget(), entry.inode(), entry.device()));
            continue;
          }
          FileEntry before = previous.get(entry.path());
          if (!request.forceRehash() && unchanged(before, entry, index)) {
            files.add(before);
            filesUnchanged++;
            bytesTotal += before.size();
            progress.advance(entry.captureBytes());
            continue;
          }
          Optional<FileEntry> captured = capture(entry, chunker, pipeline, progress, warnings);
          if (captured.isEmpty()) {
            continue;
          }
          files.add(captured.get());
          bytesRead += captured.get().size();
          bytesTotal += captured.get().size();
          if (before == null) {
            filesNew++;
          } else {
            filesChanged++;
          }
        }
        stored = pipeline.finish();
      }
      progress.finish();
      if (!stored.packs().isEmpty()) {
        indexes.write(stored.packs());
      }
      BackupSummary summary = new BackupSummary(files.size(), filesNew, filesChanged, filesUnchanged, bytesTotal,
          bytesRead, stored.bytesAdded(), stored.bytesStored(), (int) stored.chunksNew(),
          stored.packs().size(), Duration.between(started, repository.clock().instant()));
      files.sort(Comparator.comparing(FileEntry::path));
      Snapshot snapshot = new Snapshot(Snapshot.VERSION, started, request.host(), scan.root().toString(),
          parent.map(p -> p.id().hex()).orElse(null), request.tags(), files, summary, null);
      SnapshotId id = snapshots.write(snapshot);
      return new BackupResult(id, snapshot, warnings);
    }
  }

  private Optional<SnapshotStore.Stored> parent(SnapshotStore snapshots, BackupRequest request, String source)
      throws IOException {
    if (request.parent().isPresent()) {
      return Optional.of(snapshots.resolve(request.parent().get()));
    }
    List<SnapshotStore.Stored> all = snapshots.list().snapshots();
    for (int i = all.size() - 1; i >= 0; i--) {
      Snapshot s = all.get(i).snapshot();
      if (s.host().equals(request.host()) && s.source().equals(source)) {
        return Optional.of(all.get(i));
      }
    }
    return Optional.empty();
  }

  /** Same size, mtime, inode and device as before, and every chunk still indexed: no need to read the file. */
  static boolean unchanged(FileEntry before, SourceEntry now, ChunkIndex index) {
    if (before == null || before.type() != EntryType.FILE || before.size() != now.captureBytes()
        || !before.mtime().equals(now.mtime()) || !Objects.equals(before.inode(), now.inode())
        || !Objects.equals(before.device(), now.device()) || before.mode() != now.mode()) {
      return false;
    }
    for (String chunk : before.chunks()) {
      if (!index.contains(ChunkId.parse(chunk))) {
        return false;
      }
    }
    return true;
  }

  /** Reads up to {@code captureBytes} of a file; a file gone since the scan is skipped with a warning. */
  private Optional<FileEntry> capture(SourceEntry entry, FastCdcChunker chunker, ChunkPipeline pipeline,
      Progress progress, List<String> warnings) throws IOException {
    List<String> chunks = new ArrayList<>();
    long size = 0;
    try (FileChannel channel = FileChannel.open(entry.absolute(), StandardOpenOption.READ);
        InputStream in = Channels.newInputStream(channel)) {
      ChunkReader reader = new ChunkReader(chunker, in, entry.captureBytes());
      for (byte[] chunk = reader.next(); chunk != null; chunk = reader.next()) {
        chunks.add(pipeline.add(chunk).hex());
        size += chunk.length;
        progress.advance(chunk.length);
      }
    } catch (NoSuchFileException e) {
      warnings.add(entry.path() + ": deleted during the backup, not captured");
      return Optional.empty();
    }
    if (size < entry.captureBytes()) {
      warnings.add(entry.path() + ": shrank during the backup (" + entry.captureBytes() + " -> " + size
          + " bytes); captured what was there");
    }
    return Optional.of(new FileEntry(entry.path(), EntryType.FILE, entry.mode(), entry.mtime(), size, chunks, null,
        entry.inode(), entry.device()));
  }
}
