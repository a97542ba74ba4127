package dev.pouch.agent.pitr;

import dev.pouch.agent.backup.ChunkPipeline;
import dev.pouch.agent.capture.UnlinkedWals;
import dev.pouch.agent.capture.WalTails;
import dev.pouch.agent.chunking.ChunkReader;
import dev.pouch.agent.chunking.FastCdcChunker;
import dev.pouch.agent.index.ChunkIndex;
import dev.pouch.agent.index.IndexStore;
import dev.pouch.agent.lock.LockMode;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.lock.RepositoryLock;
import dev.pouch.agent.repository.Json;
import dev.pouch.agent.repository.ObjectKind;
import dev.pouch.agent.repository.Repository;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.Sleeper;
import dev.pouch.storage.StorageException;
import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.directory.FileKind;
import dev.pouch.wombat.directory.WombatDirectory;
import dev.pouch.wombat.directory.WombatFile;
import dev.pouch.wombat.vlog.ValueLogSet;
import dev.pouch.wombat.vlog.VlogScanner;
import dev.pouch.wombat.wal.ZeroHeaderPolicy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Continuous backup: polls a live Wombat directory and ships the newly validated bytes of every WAL segment (and the
 * value-log bytes they point to) as pieces, each named by its byte range and poll time, which is the time index
 * point-in-time recovery reads. Value-log pieces of a round are written before its WAL pieces, so a WAL piece is
 * never visible without the values it needs.
 *
 * <p>Restart safety: what was shipped is read back from the repository at {@link #resume}, so a shipper killed at
 * any point neither loses a piece it wrote nor ships one twice (piece names are deterministic; the chunks
 * deduplicate). A segment is recognised by name, inode and the hash of its first bytes; a segment whose head changed
 * or that shrank was rewritten in place and starts a new generation from offset 0.
 *
 * <p>Deduplication: a round holds its shared lock from before it brings the chunk index up to date until its pieces
 * are written (the writer's promise of repository-format.md), so a chunk it skips as stored is in a pack no prune can
 * delete meanwhile. Between rounds a prune or an index repair may replace index objects and delete packs, and
 * backups add index objects: each round lists {@code index/} (one request) and reloads the whole index when an
 * object it loaded is gone, or loads only the new ones.
 */
public final class WalShipper {

  private static final int HEAD_BYTES = 4096;
  /** Requests one shipping round costs besides its pieces: lock put/list/delete, index list, pack, index. */
  static final int ROUND_OVERHEAD_REQUESTS = 6;

  private final Repository repository;
  private final Path source;
  private final ShipperOptions options;
  private final LockService locks;
  private final Sleeper sleeper;
  private final Clock clock;
  private final WombatDirectory directory;
  private final FastCdcChunker chunker;
  /** The chunk index as of this shipper's last round, and the index objects it was loaded from. */
  private ChunkIndex index = new ChunkIndex();
  private final Set<String> indexObjects = new HashSet<>();
  private final Map<String, Tracked> tracked;
  private final UnlinkedWals unlinked = UnlinkedWals.system();
  private Instant pendingSince;
  private double tokens;
  private Instant refilledAt;
  private Instant lastShipped;

  /** How far a file was shipped, and its head fingerprint at that time. */
  record Tracked(PieceKey.FileId id, long shipped, String head, int headBytes) {}

  private WalShipper(Repository repository, Path source, ShipperOptions options, LockService locks, Sleeper sleeper,
      Clock clock, Map<String, Tracked> tracked) {
    this.repository = repository;
    this.source = source;
    this.options = options;
    this.locks = locks;
    this.sleeper = sleeper;
    this.clock = clock;
    this.directory = new WombatDirectory(options.rules());
    this.chunker = new FastCdcChunker(repository.config().chunker());
    this.tracked = tracked;
    this.refilledAt = clock.instant();
    this.tokens = burst();
  }

  /** A shipper that continues where the pieces in the repository end. */
  public static WalShipper resume(Repository repository, Path source, ShipperOptions options, LockService locks,
      Sleeper sleeper, Clock clock) throws IOException {
    Map<String, Tracked> tracked = new HashMap<>();
    Map<String, PieceKey> latest = new HashMap<>();
    for (PieceKey k : PitrIndex.listPieces(repository)) {
      String slot = k.file().kind() + ":" + k.file().name();
      PieceKey best = latest.get(slot);
      if (best == null || newer(k, best)) {
        latest.put(slot, k);
      }
    }
    for (Map.Entry<String, PieceKey> e : latest.entrySet()) {
      WalPiece piece = PitrIndex.readPiece(repository, e.getValue());
      tracked.put(e.getKey(), new Tracked(e.getValue().file(), piece.to(), piece.head(), piece.headBytes()));
    }
    // The chunk index is loaded by the first round, under its lock.
    return new WalShipper(repository, source.toAbsolutePath().normalize(), options, locks, sleeper, clock, tracked);
  }

  private static boolean newer(PieceKey a, PieceKey b) {
    if (a.file().generation() != b.file().generation() || a.file().inode() != b.file().inode()) {
      return a.capturedAt().isAfter(b.capturedAt());
    }
    return a.to() > b.to();
  }

  /** New bytes of one file found by a poll. */
  private record Pending(PieceKey.FileId id, Path path, long from, long to, long records, String head,
      int headBytes) {}

  /** Polls once and ships what is due. */
  public ShipResult shipOnce() throws IOException {
    Instant now = clock.instant();
    List<String> notes = new ArrayList<>();
    List<WombatFile> files;
    try {
      files = directory.classify(source).files();
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(source.toString(), null, "the Wombat directory to ship from is gone");
    }
    List<Segment> wals = new ArrayList<>();
    files.stream().filter(f -> f.kind() == FileKind.WAL).forEach(f -> wals.add(new Segment(f.fileName(), f.path(),
        f.identity().map(i -> i.inode()).orElse(0L), false)));
    for (UnlinkedWals.Found u : unlinked.find(source, options.rules())) {
      if (wals.stream().noneMatch(w -> w.name().equals(u.name()))) {
        wals.add(new Segment(u.name(), u.readPath(), u.inode(), true));
      }
    }
    wals.sort(Comparator.comparingLong((Segment w) -> ValueLogSet.fileIdFromName(w.name()).orElse(-1))
        .thenComparing(Segment::name));
    List<WombatFile> vlogs = files.stream().filter(f -> f.kind() == FileKind.VLOG).toList();
    List<Pending> pending = new ArrayList<>();
    Map<Long, Path> vlogPaths = new HashMap<>();
    for (WombatFile v : vlogs) {
      OptionalLong id = ValueLogSet.fileIdFromName(v.fileName());
      id.ifPresent(i -> vlogPaths.put(i, v.path()));
    }
    try (ValueLogSet live = ValueLogSet.open(vlogPaths)) {
      for (Segment w : wals) {
        scanWal(w, live, notes).ifPresent(pending::add);
      }
    } catch (NoSuchFileException gone) {
      notes.add("a value log vanished during the poll; retrying next round");
      return new ShipResult(now, List.of(), 0, 0, 0, notes);
    }
    List<Pending> vlogPending = new ArrayList<>();
    for (WombatFile v : vlogs) {
      scanVlog(v, notes).ifPresent(vlogPending::add);
    }
    long bytes = pending.stream().mapToLong(p -> p.to() - p.from()).sum();
    long vlogBytes = vlogPending.stream().mapToLong(p -> p.to() - p.from()).sum();
    if (bytes == 0) {
      // Value-log growth alone is shipped with the WAL records that point into it.
      pendingSince = null;
      return new ShipResult(now, List.of(), 0, vlogBytes, 0, notes);
    }
    if (pendingSince == null) {
      pendingSince = now;
    }
    boolean due = bytes >= options.minBatchBytes() || !now.isBefore(pendingSince.plus(options.maxDelay()));
    int cost = ROUND_OVERHEAD_REQUESTS + pending.size() + vlogPending.size();
    if (!due || !takeBudget(now, cost)) {
      return new ShipResult(now, List.of(), 0, bytes + vlogBytes, 0, notes);
    }
    List<PieceKey> shipped = ship(now, vlogPending, pending, notes);
    pendingSince = null;
    lastShipped = now;
    return new ShipResult(now, shipped, bytes + vlogBytes, 0, cost, notes);
  }

  /** Polls every cadence until {@code stop} says so; hands each round's result to {@code listener}. */
  public void run(BooleanSupplier stop, Consumer<ShipResult> listener) throws IOException {
    while (!stop.getAsBoolean()) {
      Instant started = clock.instant();
      listener.accept(shipOnce());
      // Poll on the cadence, not cadence-after-the-round: a slow round must not stretch the recovery point.
      Duration rest = options.cadence().minus(Duration.between(started, clock.instant()));
      try {
        sleeper.sleep(rest.isNegative() ? Duration.ZERO : rest);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("WAL shipping interrupted");
      }
    }
  }

  /** When the last round shipped, for the shipping-lag metric. */
  public Instant lastShipped() {
    return lastShipped;
  }

  /**
   * True when the last poll left validated WAL bytes unshipped (waiting for a batch or for request budget); false
   * when it shipped them or found none. Value-log bytes alone do not count: they ship with the WAL records that
   * point into them.
   */
  public boolean walPending() {
    return pendingSince != null;
  }

  /** A WAL segment to ship: linked in the directory, or unlinked and read through /proc. */
  private record Segment(String name, Path path, long inode, boolean unlinked) {
    String fileName() {
      return name;
    }
  }

  private java.util.Optional<Pending> scanWal(Segment w, ValueLogSet live, List<String> notes)
      throws IOException {
    String slot = "wal:" + w.fileName();
    long inode = w.inode();
    try (FileChannel ch = FileChannel.open(w.path(), StandardOpenOption.READ)) {
      Tracked t = tracked.get(slot);
      PieceKey.FileId id;
      long start;
      if (t == null) {
        id = new PieceKey.FileId("wal", w.fileName(), inode, 0);
        start = 0;
      } else if (t.id().inode() != inode) {
        id = new PieceKey.FileId("wal", w.fileName(), inode, 0);
        start = 0;
        notes.add(w.fileName() + ": a new segment under a reused name (inode " + inode + "), shipped from 0");
      } else if (ch.size() < t.shipped() || !t.head().equals(head(ch, t.headBytes()))) {
        id = new PieceKey.FileId("wal", w.fileName(), inode, t.id().generation() + 1);
        start = 0;
        notes.add(w.fileName() + ": rewritten in place (shrank or its first bytes changed); new generation "
            + id.generation() + " shipped from 0");
      } else {
        id = t.id();
        start = t.shipped();
      }
      if (t == null || !t.id().equals(id)) {
        tracked.put(slot, new Tracked(id, 0, head(ch, 0), 0));
      }
      WalTails.Cut cut = WalTails.settled(ch, start, live, w.unlinked() ? ZeroHeaderPolicy.SKIP_AS_PADDING
          : ZeroHeaderPolicy.END_OF_LOG, sleeper, options.settleDelay());
      if (cut.end() <= start) {
        return java.util.Optional.empty();
      }
      int headBytes = (int) Math.min(HEAD_BYTES, cut.end());
      return java.util.Optional.of(new Pending(id, w.path(), start, cut.end(), cut.scan().recordCount(),
          head(ch, headBytes), headBytes));
    } catch (NoSuchFileException gone) {
      return java.util.Optional.empty(); // removed by a restart; its shipped pieces stay
    }
  }

  private java.util.Optional<Pending> scanVlog(WombatFile v, List<String> notes) throws IOException {
    String slot = "vlog:" + v.fileName();
    long inode = v.identity().map(i -> i.inode()).orElse(0L);
    try (FileChannel ch = FileChannel.open(v.path(), StandardOpenOption.READ)) {
      Tracked t = tracked.get(slot);
      PieceKey.FileId id;
      long start;
      if (t == null || t.id().inode() != inode) {
        id = new PieceKey.FileId("vlog", v.fileName(), inode, 0);
        start = 0;
      } else if (ch.size() < t.shipped() || !t.head().equals(head(ch, t.headBytes()))) {
        id = new PieceKey.FileId("vlog", v.fileName(), inode, t.id().generation() + 1);
        start = 0;
        notes.add(v.fileName() + ": value log rewritten in place; new generation shipped from 0");
      } else {
        id = t.id();
        start = t.shipped();
      }
      long end = VlogScanner.scan(ByteSource.of(ch, ch.size()), start).end();
      if (end <= start) {
        return java.util.Optional.empty();
      }
      int headBytes = (int) Math.min(HEAD_BYTES, end);
      return java.util.Optional.of(new Pending(id, v.path(), start, end, -1, head(ch, headBytes), headBytes));
    } catch (NoSuchFileException gone) {
      return java.util.Optional.empty();
    }
  }

  private List<PieceKey> ship(Instant polledAt, List<Pending> vlogPending, List<Pending> walPending,
      List<String> notes) throws IOException {
    List<PieceKey> written = new ArrayList<>();
    try (RepositoryLock lock = locks.acquire(LockMode.SHARED, "WAL shipping from " + source)) {
      IndexStore indexes = new IndexStore(repository);
      refreshIndex(indexes, notes);
      Map<Pending, List<String>> chunksOf = new HashMap<>();
      ChunkPipeline.Result stored;
      try {
        try (ChunkPipeline pipeline = new ChunkPipeline(repository, index, 1)) {
          for (Pending p : concat(vlogPending, walPending)) {
            chunksOf.put(p, read(p, pipeline));
          }
          stored = pipeline.finish();
        }
        if (!stored.packs().isEmpty()) {
          indexObjects.addAll(indexes.write(stored.packs())); // the pipeline added their entries to the index
        }
      } catch (IOException | RuntimeException e) {
        // The index may now list chunks of packs no index object names, which prune deletes: start afresh.
        index = new ChunkIndex();
        indexObjects.clear();
        throw e;
      }
      for (Pending p : concat(vlogPending, walPending)) {
        PieceKey key = new PieceKey(p.id(), p.from(), p.to(), polledAt);
        WalPiece piece = new WalPiece(WalPiece.VERSION, p.id().kind(), p.id().name(), p.id().inode(),
            p.id().generation(), p.from(), p.to(), p.records(), polledAt, p.head(), p.headBytes(), chunksOf.get(p));
        byte[] sealed = repository.objects().seal(ObjectKind.WAL_PIECE, key.id(), Json.write(piece));
        try {
          repository.backend().put(key.key(), BlobContent.of(sealed), PutMode.CREATE_IF_ABSENT);
        } catch (StorageException.AlreadyExists e) {
          // Written by a previous run that died before it could record it; same range, same bytes.
        }
        tracked.put(p.id().kind() + ":" + p.id().name(), new Tracked(p.id(), p.to(), p.head(), p.headBytes()));
        written.add(key);
      }
    }
    return written;
  }

  /**
   * Brings {@link #index} up to date with {@code index/}, under the round's lock: one listing; the whole index again
   * when an object it was loaded from is gone (a prune or repair replaced it, and may have deleted packs it lists),
   * else only the objects that are new (a backup's, another shipper's). An object that does not authenticate is
   * noted and counted as loaded: its chunks are merely not deduplicated against, and it is not fetched every round.
   */
  private void refreshIndex(IndexStore indexes, List<String> notes) throws IOException {
    List<BlobInfo> listed = indexes.list();
    Set<String> present = new HashSet<>();
    listed.forEach(info -> present.add(info.key().name()));
    if (!present.containsAll(indexObjects)) {
      index = new ChunkIndex();
      indexObjects.clear();
    }
    List<BlobInfo> fresh = listed.stream().filter(info -> !indexObjects.contains(info.key().name())).toList();
    if (!fresh.isEmpty()) {
      IndexStore.Loaded loaded = indexes.load(fresh, index);
      indexObjects.addAll(loaded.names());
      for (IndexStore.Unreadable u : loaded.unreadable()) {
        indexObjects.add(u.name());
        notes.add("index " + u.name() + " is unreadable (" + u.reason() + "); its chunks are stored again if "
            + "needed; run 'pouch verify'");
      }
    }
  }

  private static List<Pending> concat(List<Pending> a, List<Pending> b) {
    List<Pending> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private List<String> read(Pending p, ChunkPipeline pipeline) throws IOException {
    List<String> chunks = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(p.path(), StandardOpenOption.READ)) {
      ch.position(p.from());
      ChunkReader reader = new ChunkReader(chunker, Channels.newInputStream(ch), p.to() - p.from());
      long n = 0;
      for (byte[] chunk = reader.next(); chunk != null; chunk = reader.next()) {
        chunks.add(pipeline.add(chunk).hex());
        n += chunk.length;
      }
      if (n != p.to() - p.from()) {
        throw new IOException(p.path() + " shrank while its new bytes were shipped; retrying next round");
      }
    }
    return chunks;
  }

  private static String head(FileChannel ch, int bytes) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(bytes);
    while (b.hasRemaining()) {
      if (ch.read(b, b.position()) < 0) {
        break;
      }
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  private double burst() {
    return options.requestsPerHour() <= 0 ? Double.MAX_VALUE : Math.max(20, options.requestsPerHour() / 60.0);
  }

  /** A token bucket over storage requests: refills at the hourly budget, bursts up to a minute's worth. */
  private boolean takeBudget(Instant now, int cost) {
    if (options.requestsPerHour() <= 0) {
      return true;
    }
    double seconds = Duration.between(refilledAt, now).toMillis() / 1000.0;
    tokens = Math.min(burst(), tokens + seconds * options.requestsPerHour() / 3600.0);
    refilledAt = now;
    if (tokens < cost) {
      return false;
    }
    tokens -= cost;
    return true;
  }
}
