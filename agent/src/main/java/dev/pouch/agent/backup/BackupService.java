package dev.pouch.agent.backup;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.chunking.ChunkReader;
import dev.pouch.agent.chunking.FastCdcChunker;
import dev.pouch.agent.index.ChunkIndex;
import dev.pouch.agent.index.ChunkLocation;
import dev.pouch.agent.index.IndexStore;
import dev.pouch.agent.lock.LockMode;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.lock.RepositoryLock;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.SnapshotId;
import dev.pouch.agent.snapshot.BackupSummary;
import dev.pouch.agent.snapshot.EntryType;
import dev.pouch.agent.snapshot.FileEntry;
import dev.pouch.agent.snapshot.Snapshot;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.agent.source.CapturePlan;
import dev.pouch.agent.source.CaptureStrategy;
import dev.pouch.agent.source.CapturedFile;
import dev.pouch.agent.source.Confirmation;
import dev.pouch.agent.source.Fingerprints;
import dev.pouch.agent.source.PlainCapture;
import dev.pouch.agent.source.SourceEntry;
import dev.pouch.agent.throttle.ReadReport;
import dev.pouch.agent.throttle.ReadSession;
import dev.pouch.crypto.IntegrityException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Backs up a directory: plan the capture, reuse what the parent snapshot already holds (unchanged files are not
 * read; files that only grew are read from their previous end), chunk and store the rest, let the capture strategy
 * confirm the result is consistent (reading again what changed underneath), then write the index and finally the
 * snapshot. Holds a shared lock throughout.
 */
public final class BackupService {

  /** Rounds of "read again what changed underneath" before giving up. */
  static final int MAX_CONFIRM_ROUNDS = 4;

  private final Repository repository;
  private final LockService locks;
  private final CaptureStrategy strategy;

  public BackupService(Repository repository, LockService locks) {
    this(repository, locks, new PlainCapture());
  }

  public BackupService(Repository repository, LockService locks, CaptureStrategy strategy) {
    this.repository = repository;
    this.locks = locks;
    this.strategy = strategy;
  }

  /** The new snapshot and anything the user should know about it. */
  public record BackupResult(SnapshotId id, Snapshot snapshot, List<String> warnings) {}

  private static final class Counters {
    int filesNew;
    int filesChanged;
    int filesUnchanged;
    long bytesRead;
  }

  public BackupResult run(BackupRequest request, Progress progress) throws IOException {
    Instant started = repository.clock().instant();
    String source = request.source().toAbsolutePath().normalize().toString();
    try (RepositoryLock lock = locks.acquire(LockMode.SHARED, "backup of " + source)) {
      IndexStore indexes = new IndexStore(repository);
      IndexStore.Loaded loaded = indexes.loadAll();
      if (!loaded.unreadable().isEmpty()) {
        throw new IntegrityException("index " + loaded.unreadable().get(0).name() + " is unreadable ("
            + loaded.unreadable().get(0).reason() + "); run 'pouch verify' before backing up");
      }
      ChunkIndex index = loaded.index();
      SnapshotStore snapshots = new SnapshotStore(repository);
      Optional<SnapshotStore.Stored> parent = parent(snapshots, request, source);
      Map<String, FileEntry> previous = new HashMap<>();
      parent.ifPresent(p -> p.snapshot().files().forEach(f -> previous.put(f.path(), f)));

      CapturePlan plan = strategy.plan(request.source(), request.excludes(), previous,
          parent.map(p -> p.snapshot().wombat()).orElse(null));
      long total = plan.entries().stream().filter(e -> e.type() == EntryType.FILE)
          .mapToLong(SourceEntry::captureBytes).sum();
      if (request.maxBackupBytes().isPresent() && total > request.maxBackupBytes().get()) {
        throw new BackupTooLargeException("source " + plan.root() + " holds " + total + " bytes, more than "
            + "max_backup_size " + request.maxBackupBytes().get() + "; nothing was written");
      }
      List<String> warnings = new ArrayList<>(plan.warnings());
      Map<String, CapturedFile> captured = new LinkedHashMap<>();
      Counters counters = new Counters();
      ChunkReader chunks = new ChunkReader(new FastCdcChunker(repository.config().chunker()));
      progress.start("backup", total, plan.entries().size());
      ChunkPipeline.Result stored;
      Confirmation.Confirmed confirmed = null;
      ReadReport read;
      try (ReadSession reads = request.reads().begin();
          ChunkPipeline pipeline = new ChunkPipeline(repository, index, request.threads())) {
        for (SourceEntry entry : plan.entries()) {
          capture(plan, entry, previous.get(entry.path()), request, reads, index, chunks, pipeline, progress,
              warnings, counters).ifPresent(c -> captured.put(entry.path(), c));
        }
        for (int round = 1; confirmed == null; round++) {
          Confirmation verdict = strategy.confirm(plan, captured);
          if (verdict instanceof Confirmation.Confirmed c) {
            confirmed = c;
          } else if (verdict instanceof Confirmation.Abandon a) {
            throw new SourceUnstableException(a.reason() + "; nothing was written as a snapshot, the next backup "
                + "captures the new state");
          } else if (verdict instanceof Confirmation.Recapture r) {
            if (round >= MAX_CONFIRM_ROUNDS) {
              throw new SourceUnstableException("the source kept changing under the backup (" + r.reason() + "); "
                  + "gave up after " + round + " rounds; nothing was written as a snapshot");
            }
            r.drop().forEach(captured::remove);
            for (SourceEntry again : r.again()) {
              capture(plan, again, null, request, reads, index, chunks, pipeline, Progress.NONE, warnings, counters)
                  .ifPresentOrElse(c -> captured.put(again.path(), c), () -> captured.remove(again.path()));
            }
          }
        }
        reads.close();
        read = reads.report();
        stored = pipeline.finish();
      }
      progress.finish();
      warnings.addAll(confirmed.warnings());
      lock.checkStillHeld(); // a prune that took this lock for stale may have removed what the new chunks dedup on
      if (!stored.packs().isEmpty()) {
        indexes.write(stored.packs());
      }
      List<FileEntry> files = new ArrayList<>(captured.values().stream().map(CapturedFile::stored).toList());
      files.sort(Comparator.comparing(FileEntry::path));
      long bytesTotal = files.stream().mapToLong(FileEntry::size).sum();
      BackupSummary summary = new BackupSummary(files.size(), counters.filesNew, counters.filesChanged,
          counters.filesUnchanged, bytesTotal, counters.bytesRead, stored.bytesAdded(), stored.bytesStored(),
          (int) stored.chunksNew(), stored.packs().size(), Duration.between(started, repository.clock().instant()),
          Math.round(read.readBytesPerSecond()),
          read.averageLimitBytesPerSecond().isPresent() ? Math.round(read.averageLimitBytesPerSecond().getAsDouble())
              : null);
      Snapshot snapshot = new Snapshot(Snapshot.VERSION, started, request.host(), plan.root().toString(),
          parent.map(p -> p.id().hex()).orElse(null), request.tags(), files, summary, confirmed.proof());
      lock.checkStillHeld();
      SnapshotId id = snapshots.write(snapshot);
      return new BackupResult(id, snapshot, warnings);
    }
  }

  private Optional<SnapshotStore.Stored> parent(SnapshotStore snapshots, BackupRequest request, String source)
      throws IOException {
    if (request.parent().isPresent()) {
      return Optional.of(snapshots.resolve(request.parent().get()));
    }
    List<SnapshotStore.Header> all = snapshots.headers().snapshots();
    for (int i = all.size() - 1; i >= 0; i--) {
      SnapshotStore.Header h = all.get(i);
      if (h.host().equals(request.host()) && h.source().equals(source)) {
        return Optional.of(new SnapshotStore.Stored(h.id(), snapshots.read(h.id())));
      }
    }
    return Optional.empty();
  }

  /** Captures one entry; empty when a file vanished before it could be read. */
  private Optional<CapturedFile> capture(CapturePlan plan, SourceEntry entry, FileEntry before, BackupRequest request,
      ReadSession reads, ChunkIndex index, ChunkReader reader, ChunkPipeline pipeline, Progress progress,
      List<String> warnings, Counters counters) throws IOException {
    if (entry.type() != EntryType.FILE) {
      return Optional.of(new CapturedFile(entry, new FileEntry(entry.path(), entry.type(), entry.mode(),
          entry.mtime(), 0, List.of(), entry.linkTarget(), entry.inode(), entry.device()), null));
    }
    String fingerprint;
    try {
      fingerprint = Fingerprints.of(entry);
    } catch (NoSuchFileException e) {
      warnings.add(entry.path() + ": deleted during the backup, not captured");
      return Optional.empty();
    }
    Reuse reuse = request.forceRehash() ? Reuse.NONE : reuse(before, entry, fingerprint, index);
    if (reuse.wholeFile()) {
      counters.filesUnchanged++;
      progress.advance(entry.captureBytes());
      return Optional.of(new CapturedFile(entry, before, null));
    }
    List<CompletableFuture<ChunkId>> newChunks = new ArrayList<>();
    long size = reuse.prefixBytes();
    // Immutable files (SSTables) are identified by their SHA-256 in the capture proof (wombat-format.md §4.2); for the
    // rest the chunk ids already commit to the content, and a second hash of every byte cost 9% of a backup's CPU.
    MessageDigest sha = size == 0 && entry.growth() == SourceEntry.Growth.IMMUTABLE ? sha256() : null;
    try (InputStream in = strategy.observe(plan, entry, size, reads.open(entry.absolute(), size, entry.growth()))) {
      reader.start(in, entry.captureBytes() - size);
      for (byte[] chunk = reader.next(); chunk != null; chunk = reader.next()) {
        newChunks.add(pipeline.submit(chunk));
        if (sha != null) {
          sha.update(chunk);
        }
        size += chunk.length;
        counters.bytesRead += chunk.length;
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
    List<String> chunks = new ArrayList<>(reuse.prefixChunks());
    chunks.addAll(ChunkPipeline.ids(newChunks));
    if (before == null) {
      counters.filesNew++;
    } else {
      counters.filesChanged++;
    }
    FileEntry stored = new FileEntry(entry.path(), EntryType.FILE, entry.mode(), entry.mtime(), size, chunks, null,
        entry.inode(), entry.device(), fingerprint);
    return Optional.of(new CapturedFile(entry, stored,
        sha == null ? null : HexFormat.of().formatHex(sha.digest())));
  }

  /** What an incremental backup may take from the parent: the whole file, a prefix of chunks, or nothing. */
  record Reuse(boolean wholeFile, List<String> prefixChunks, long prefixBytes) {
    static final Reuse NONE = new Reuse(false, List.of(), 0);
  }

  static Reuse reuse(FileEntry before, SourceEntry now, String fingerprint, ChunkIndex index) {
    if (before == null || before.type() != EntryType.FILE || !sameIdentity(before, now)
        || !allIndexed(before.chunks(), index)) {
      return Reuse.NONE;
    }
    return switch (now.growth()) {
      case MUTABLE -> sameMetadata(before, now) ? new Reuse(true, before.chunks(), before.size()) : Reuse.NONE;
      case IMMUTABLE -> sameMetadata(before, now) && Objects.equals(fingerprint, before.fingerprint())
          ? new Reuse(true, before.chunks(), before.size()) : Reuse.NONE;
      case APPEND_ONLY -> appendReuse(before, now, fingerprint, index);
    };
  }

  /**
   * A file that only grew keeps every chunk but the last, whose boundary may move now that more bytes follow; the
   * read resumes at that chunk's start. The first bytes must still match, or the file was rewritten in place.
   */
  private static Reuse appendReuse(FileEntry before, SourceEntry now, String fingerprint, ChunkIndex index) {
    if (before.fingerprint() == null || now.captureBytes() < before.size() || before.chunks().isEmpty()) {
      return Reuse.NONE;
    }
    String headNow = fingerprint;
    if (now.captureBytes() == before.size()) {
      return Objects.equals(headNow, before.fingerprint()) ? new Reuse(true, before.chunks(), before.size())
          : Reuse.NONE;
    }
    // The head fingerprint covers min(64 KiB, size); a file that was smaller than that has a new head now.
    if (before.size() < 64 * 1024 || !Objects.equals(headNow, before.fingerprint())) {
      return Reuse.NONE;
    }
    String last = before.chunks().get(before.chunks().size() - 1);
    ChunkLocation loc = index.find(ChunkId.parse(last)).orElse(null);
    if (loc == null) {
      return Reuse.NONE;
    }
    long prefix = before.size() - loc.entry().rawLength();
    return new Reuse(false, before.chunks().subList(0, before.chunks().size() - 1), prefix);
  }

  private static boolean sameIdentity(FileEntry before, SourceEntry now) {
    return Objects.equals(before.inode(), now.inode()) && Objects.equals(before.device(), now.device());
  }

  private static boolean sameMetadata(FileEntry before, SourceEntry now) {
    return before.size() == now.captureBytes() && before.mtime().equals(now.mtime()) && before.mode() == now.mode();
  }

  private static boolean allIndexed(List<String> chunks, ChunkIndex index) {
    for (String chunk : chunks) {
      if (!index.contains(ChunkId.parse(chunk))) {
        return false;
      }
    }
    return true;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }
}
