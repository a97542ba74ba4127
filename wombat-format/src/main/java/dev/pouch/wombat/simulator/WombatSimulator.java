package dev.pouch.wombat.simulator;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.compression.ZlibCodec;
import dev.pouch.wombat.manifest.ManifestChange;
import dev.pouch.wombat.manifest.ManifestLevels;
import dev.pouch.wombat.manifest.ManifestWriter;
import dev.pouch.wombat.manifest.TableInfo;
import dev.pouch.wombat.sst.SstEntry;
import dev.pouch.wombat.sst.SstOptions;
import dev.pouch.wombat.sst.SstWriter;
import dev.pouch.wombat.vlog.ValueCompression;
import dev.pouch.wombat.vlog.ValuePointer;
import dev.pouch.wombat.vlog.VlogWriter;
import dev.pouch.wombat.wal.WalMeta;
import dev.pouch.wombat.wal.WalRecord;
import dev.pouch.wombat.wal.WalWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a byte-exact Wombat data directory, one operation per {@link #step()}, from a {@code long} seed.
 *
 * <p>What it reproduces (reference §2–§4, §6): WAL segments created at {@code mem_table_size} zero bytes, appended in
 * place and doubled when a record does not fit; rotation when a memtable's Σ(key + stored value) reaches {@code
 * mem_table_size}; a flush of the oldest immutable memtable to {@code <n>.sst} once more than {@code num_memtables}
 * exist, with an {@code add_table} MANIFEST line naming {@code table_<id>.sst}; value-log records written before the
 * WAL record pointing to them, Wombat's compression rule, preallocated value logs and a new file when the active
 * one lacks room for the uncompressed value; transactions at timestamp 0 without rotation checks; compactions that
 * build tables slowly and fail on duplicate keys; restarts per {@link RecoveryEmulation}; a {@code config} file.
 *
 * <p>Simplifications: compaction picks the oldest tables of the lowest level holding two or more, and its output
 * does not change the MANIFEST (as in Wombat); MANIFEST deletes at open are written level by level in list order
 * (Wombat's iteration over a list it swap-removes from visits them in a scrambled order); the value-log sweep of
 * {@code vlog_*.vlog} names at open is not reproduced; SST values are always the memtable's current values (Wombat
 * may write stale ones, §6.7).
 *
 * <p>Not thread-safe: drive it from one thread, or through {@link LiveWombat}. Close it to release the files it
 * holds open (an unlinked {@code wal_1} vanishes then).
 */
public final class WombatSimulator implements Closeable {
  private static final int LEVELS = ManifestLevels.LEVELS;

  private final SimulatorConfig config;
  private final Clock clock;
  private final SplitMix64 random;
  private final ValueFactory values;
  private final SimFiles files;
  private final GroundTruth truth = new GroundTruth();
  private final Map<ValuePointer, Bytes> pointerValues = new HashMap<>();
  private final ZlibCodec valueZlib;

  private int lifetime;
  private long nextTimestamp;
  private long nextWalNumber;
  private long nextSstNumber;
  private long nextManifestId;
  private long nextTempNumber = 1;
  private long steps;
  private boolean dead;

  private Segment active;
  private final List<Segment> immutables = new ArrayList<>();
  private final List<Segment> segments = new ArrayList<>();

  private SimFiles.SimFile vlogFile;
  private VlogWriter vlog;
  private long maxVlogId;

  private final List<List<SimulatedSst>> levels = new ArrayList<>();
  private final List<SimulatedSst> sstFiles = new ArrayList<>();
  private final List<Path> sstPathsOnDisk = new ArrayList<>();
  private Compaction compaction;

  private SimFiles.SimFile manifestFile;
  private ManifestWriter manifest;
  private final List<List<TableInfo>> manifestLevels = new ArrayList<>();
  private final List<Path> tempFiles = new ArrayList<>();

  /** One WAL segment of the current lifetime and its memtable bookkeeping. */
  private static final class Segment {
    final WalSegmentId id;
    final SimFiles.SimFile file;
    final WalWriter writer;
    long memtableBytes;
    boolean closed;

    Segment(WalSegmentId id, SimFiles.SimFile file, WalWriter writer) {
      this.id = id;
      this.file = file;
      this.writer = writer;
    }
  }

  private WombatSimulator(SimulatorConfig config, long seed, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.random = new SplitMix64(seed);
    this.values = new ValueFactory(new SplitMix64(seed ^ 0x5DEECE66DL));
    this.files = new SimFiles(config.crashAfterBytes());
    this.valueZlib = new ZlibCodec(config.deflateLevel());
    for (int i = 0; i < LEVELS; i++) {
      levels.add(new ArrayList<>());
      manifestLevels.add(new ArrayList<>());
    }
  }

  /**
   * Creates the directories (which must be empty or absent), writes the {@code config} file and opens the first
   * lifetime as Wombat's {@code DB.open} would.
   *
   * @param clock wall-clock source for every recorded time and for MANIFEST timestamps; a deterministic clock (such
   *     as {@link SteppingClock}) makes the bytes depend on the seed alone
   */
  public static WombatSimulator open(SimulatorConfig config, long seed, Clock clock) throws IOException {
    for (Path dir : List.of(config.dir(), config.valueDir())) {
      Files.createDirectories(dir);
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException("simulator directory is not empty: " + dir);
        }
      }
    }
    WombatSimulator sim = new WombatSimulator(config, seed, clock);
    try {
      sim.writeConfigFile();
      sim.startLifetime();
    } catch (IOException | RuntimeException e) {
      sim.closeQuietly(e);
      throw e;
    }
    return sim;
  }

  /** The configuration. */
  public SimulatorConfig config() {
    return config;
  }

  /** The oracle (empty when {@link SimulatorConfig#recordGroundTruth()} is off, except for segments). */
  public GroundTruth groundTruth() {
    return truth;
  }

  /** The current lifetime, from 1. */
  public int lifetime() {
    return lifetime;
  }

  /** Bytes written to files so far. */
  public long bytesWritten() {
    return files.bytesWritten();
  }

  /** Steps performed. */
  public long steps() {
    return steps;
  }

  /** Whether a simulated crash has ended the run. */
  public boolean crashed() {
    return files.crashed();
  }

  /** The WAL segment currently written to. */
  public WalSegmentId activeSegment() {
    return active.id;
  }

  /** Where the active segment was created (its name may be gone: Wombat unlinks {@code wal_1}). */
  public Path activeSegmentPath() {
    return active.file.path;
  }

  /** Files of the SSTables the simulated Wombat counts in its levels. */
  public List<Path> liveSstPaths() {
    return sstFiles.stream().map(SimulatedSst::path).toList();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Scheduler

  /** Performs one operation chosen by the workload's weights; a running compaction also advances. */
  public SimEvent step() throws IOException {
    checkUsable();
    try {
      Workload w = config.workload();
      SimEvent.Action action = chooseAction(w);
      long before = truth.nextSequence();
      switch (action) {
        case PUT -> {
          Bytes key = ordinaryKey(w);
          put(key, Bytes.wrap(randomValue(w, true)));
        }
        case DELETE -> delete(ordinaryKey(w));
        case BATCH -> batch(randomBatch(w));
        case TRANSACTION -> transaction(randomTransaction(w));
        case COMPACTION -> startCompaction();
        case RESTART -> restart();
        case TEMP_FILE -> tempFile();
      }
      if (compaction != null && action != SimEvent.Action.COMPACTION) {
        advanceCompaction();
      }
      return new SimEvent(steps++, action, (int) (truth.nextSequence() - before));
    } catch (SimulatedCrashException e) {
      die(e);
      throw e;
    }
  }

  /** Performs {@code n} steps. */
  public void steps(int n) throws IOException {
    for (int i = 0; i < n; i++) {
      step();
    }
  }

  private SimEvent.Action chooseAction(Workload w) {
    int[] weights = {w.putWeight(), w.deleteWeight(), w.batchWeight(), w.transactionWeight(), w.compactionWeight(),
        w.restartWeight(), w.tempFileWeight()};
    int total = 0;
    for (int x : weights) {
      total += x;
    }
    int pick = random.nextInt(total);
    SimEvent.Action[] actions = SimEvent.Action.values();
    for (int i = 0; i < weights.length; i++) {
      pick -= weights[i];
      if (pick < 0) {
        return actions[i];
      }
    }
    throw new IllegalStateException("unreachable");
  }

  private Bytes ordinaryKey(Workload w) {
    return values.key(w.keySpace(), w.uniqueKeys(), w.binaryKeyFraction());
  }

  private byte[] randomValue(Workload w, boolean mayBeLarge) {
    if (random.chance(w.emptyValueFraction())) {
      return new byte[0];
    }
    int size;
    if (mayBeLarge && random.chance(w.largeValueFraction())) {
      long t = config.valueThreshold();
      size = (int) Math.min(Integer.MAX_VALUE - 16L, t + random.nextInt((int) Math.min(Integer.MAX_VALUE, t)));
    } else {
      int max = (int) Math.min(w.maxValue(), config.valueThreshold() - 1);
      size = random.between(Math.min(w.minValue(), max), max);
    }
    return values.value(size, w.randomValueFraction());
  }

  private Bytes batchOrTransactionKey(Workload w) {
    return random.chance(w.emptyKeyFraction()) ? Bytes.empty() : ordinaryKey(w);
  }

  private List<Map.Entry<Bytes, Bytes>> randomBatch(Workload w) {
    List<Map.Entry<Bytes, Bytes>> out = new ArrayList<>();
    int n = random.between(1, 5);
    for (int i = 0; i < n; i++) {
      out.add(Map.entry(batchOrTransactionKey(w), Bytes.wrap(randomValue(w, true))));
    }
    return out;
  }

  private List<TransactionWrite> randomTransaction(Workload w) {
    List<TransactionWrite> out = new ArrayList<>();
    int n = random.between(1, 4);
    for (int i = 0; i < n; i++) {
      Bytes key = batchOrTransactionKey(w);
      if (random.chance(0.3)) {
        out.add(TransactionWrite.delete(key));
      } else {
        byte[] value = randomValue(w, true);
        if (key.isEmpty() && value.length == 0) {
          value = new byte[] {1};
        }
        out.add(TransactionWrite.set(key, Bytes.wrap(value)));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Operations

  /** {@code DB.set}: a put with the next timestamp; values of {@code value_threshold} bytes or more go to the vlog. */
  public void put(Bytes key, Bytes value) throws IOException {
    checkUsable();
    if (key.isEmpty()) {
      throw new IllegalArgumentException("DB.set rejects an empty key");
    }
    guard(() -> {
      Instant time = clock.instant();
      long ts = nextTimestamp++;
      append(storedRecord(key, value, ts, 0), OpKind.PUT, time, Optional.of(value));
      rotateIfFull();
    });
  }

  /** {@code DB.delete}: meta {@code 0x03}, empty value, next timestamp. */
  public void delete(Bytes key) throws IOException {
    checkUsable();
    if (key.isEmpty()) {
      throw new IllegalArgumentException("DB.delete rejects an empty key");
    }
    guard(() -> {
      Instant time = clock.instant();
      append(WalRecord.delete(key, nextTimestamp++), OpKind.DELETE, time, Optional.empty());
      rotateIfFull();
    });
  }

  /**
   * {@code writeBatch}: every entry takes a timestamp first, then each is written as {@code handleWrite} does (an
   * empty value becomes meta {@code 0x01}), with a rotation check after each. Empty keys are accepted.
   */
  public void batch(List<Map.Entry<Bytes, Bytes>> entries) throws IOException {
    checkUsable();
    guard(() -> {
      Instant time = clock.instant();
      long firstTs = nextTimestamp;
      nextTimestamp += entries.size();
      for (int i = 0; i < entries.size(); i++) {
        Bytes key = entries.get(i).getKey();
        Bytes value = entries.get(i).getValue();
        long ts = firstTs + i;
        if (value.isEmpty()) {
          append(new WalRecord(key, Bytes.empty(), ts, WalMeta.DELETED), OpKind.BATCH, time, Optional.empty());
        } else {
          append(storedRecord(key, value, ts, 0), OpKind.BATCH, time, Optional.of(value));
        }
        rotateIfFull();
      }
    });
  }

  /**
   * A committed transaction: a read timestamp and, with writes, a commit timestamp are consumed, and every write is
   * applied at timestamp 0 (deletes as meta {@code 0x01}) without rotation checks.
   *
   * @throws IllegalArgumentException for a set of an empty key to an empty value, whose record would be 17 zero
   *     bytes that every reader takes for padding
   */
  public void transaction(List<TransactionWrite> writes) throws IOException {
    checkUsable();
    for (TransactionWrite w : writes) {
      if (w.key().isEmpty() && w.value().isPresent() && w.value().get().isEmpty()) {
        throw new IllegalArgumentException("an empty key set to an empty value at ts 0 is an all-zero record");
      }
    }
    guard(() -> {
      Instant time = clock.instant();
      nextTimestamp++;
      if (!writes.isEmpty()) {
        nextTimestamp++;
      }
      for (TransactionWrite w : writes) {
        if (w.value().isEmpty()) {
          append(new WalRecord(w.key(), Bytes.empty(), 0, WalMeta.DELETED), OpKind.TRANSACTION, time,
              Optional.empty());
        } else {
          append(storedRecord(w.key(), w.value().get(), 0, 0), OpKind.TRANSACTION, time, w.value());
        }
      }
    });
  }

  /** Ends the lifetime and opens again (see {@link RecoveryEmulation}); timestamps and names restart at 1. */
  public void restart() throws IOException {
    checkUsable();
    guard(this::startLifetime);
  }

  /** Drops a small temporary file, which Wombat deletes at its next open. */
  public Path tempFile() throws IOException {
    checkUsable();
    Path[] out = new Path[1];
    guard(() -> {
      Path p = config.dir().resolve(config.naming().tempName(nextTempNumber++));
      try (SimFiles.SimFile f = files.open(p, true)) {
        byte[] content = values.value(random.between(16, 256), 0.5);
        f.write(0, content, 0, content.length);
      }
      tempFiles.add(p);
      out[0] = p;
    });
    return out[0];
  }

  private WalRecord storedRecord(Bytes key, Bytes value, long ts, int meta) throws IOException {
    if (value.length() >= config.valueThreshold() && !value.isEmpty()) {
      return WalRecord.external(key, writeValueLog(value), ts);
    }
    return new WalRecord(key, value, ts, meta);
  }

  private ValuePointer writeValueLog(Bytes value) throws IOException {
    byte[] raw = value.toByteArray();
    // Wombat checks room for the uncompressed value, then writes the possibly compressed one.
    if (vlog == null || !vlog.hasSpace(raw.length + 12L)) {
      newValueLogFile();
    }
    ValuePointer pointer = vlog.append(ValueCompression.storedPayload(raw, config.compression(), valueZlib));
    if (config.recordGroundTruth()) {
      pointerValues.put(pointer, value);
    }
    return pointer;
  }

  private void newValueLogFile() throws IOException {
    if (vlogFile != null) {
      vlogFile.close();
    }
    long id = ++maxVlogId;
    vlogFile = files.open(config.valueDir().resolve(config.naming().vlogName(id)), true);
    vlog = VlogWriter.create(vlogFile, id, config.valueLogFileSize());
  }

  private void append(WalRecord record, OpKind kind, Instant time, Optional<Bytes> resolved) throws IOException {
    long start = active.writer.append(record);
    active.memtableBytes += record.key().length() + record.value().length();
    log(kind, time, active, start, record, resolved);
  }

  private void log(OpKind kind, Instant time, Segment segment, long start, WalRecord record,
      Optional<Bytes> resolved) {
    if (config.recordGroundTruth()) {
      truth.append(new OpRecord(truth.nextSequence(), time, kind, segment.id, start, start + record.encodedSize(),
          record.key(), resolved, record.timestamp(), record.meta()));
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Memtables, flushes, compactions

  private Segment newSegment(Instant time) throws IOException {
    long number = nextWalNumber++;
    Path path = config.dir().resolve(config.naming().walName(number));
    SimFiles.SimFile file = files.open(path, true);
    WalWriter writer = WalWriter.create(file, config.memTableSize(), config.splitRecordWrites());
    Segment segment = new Segment(new WalSegmentId(lifetime, number, path.getFileName().toString(), file.inode),
        file, writer);
    segments.add(segment);
    truth.segmentCreated(new WalSegmentInfo(segment.id, path, time, Optional.empty()));
    return segment;
  }

  private void rotateIfFull() throws IOException {
    if (active.memtableBytes >= config.memTableSize()) {
      rotate();
    }
  }

  private void rotate() throws IOException {
    immutables.add(active);
    active = newSegment(clock.instant());
    if (immutables.size() > config.numMemtables()) {
      flush(immutables.remove(0));
    }
  }

  private void flush(Segment segment) throws IOException {
    long tableId = nextManifestId++;
    long createdAt = clock.millis();
    long number = nextSstNumber++;
    Path path = config.dir().resolve(config.naming().sstName(number));
    List<SstEntry> entries = MemtableImage.read(
        ByteSource.of(segment.file.channel(), segment.writer.writeOffset())).flushEntries();
    SimFiles.SimFile file = files.open(path, true);
    if (!entries.isEmpty() && entries.get(0).key().isEmpty()) {
      // TableBuilder.add rejects the empty key: the file is deleted, the MANIFEST untouched, the WAL kept open.
      file.close();
      files.delete(path);
      return;
    }
    try (file) {
      SstWriter writer = new SstWriter(file, sstOptions(0));
      for (SstEntry e : entries) {
        writer.add(e.key(), e.value(), e.timestamp());
      }
      writer.finish();
    }
    SimulatedSst sst = new SimulatedSst(number, path, 0);
    sstFiles.add(sst);
    sstPathsOnDisk.add(path);
    levels.get(0).add(sst);
    TableInfo info = TableInfo.flushed(tableId, createdAt);
    manifestAppend(ManifestChange.add(info, clock.instant().getEpochSecond()));
    manifestLevels.get(0).add(info);
    // The memtable is deinitialised: its WAL is closed (an unlinked wal_1 disappears with it).
    segment.file.close();
    segment.closed = true;
  }

  private SstOptions sstOptions(long level) {
    return new SstOptions(config.blockSize(), config.compression(), level, config.bloomExpectedItems(), 0.01,
        config.deflateLevel());
  }

  private void manifestAppend(ManifestChange change) throws IOException {
    if (manifest == null) {
      manifestFile = files.open(config.dir().resolve(config.naming().manifestName()), false);
      manifest = new ManifestWriter(manifestFile);
    }
    manifest.append(change);
  }

  /** Starts a compaction of the oldest tables of the lowest level holding two or more, if none is running. */
  void startCompaction() throws IOException {
    if (compaction != null) {
      advanceCompaction();
      return;
    }
    for (int level = 0; level < LEVELS - 1; level++) {
      List<SimulatedSst> candidates = levels.get(level);
      if (candidates.size() < 2) {
        continue;
      }
      List<SimulatedSst> inputs = new ArrayList<>(candidates.subList(0, Math.min(4, candidates.size())));
      long number = nextSstNumber++;
      Path path = config.dir().resolve(config.naming().sstName(number));
      SimFiles.SimFile file = files.open(path, true);
      try {
        compaction = new Compaction(inputs, new SimulatedSst(number, path, level + 1), file,
            new SstWriter(file, sstOptions(level + 1)));
      } catch (IOException e) {
        if (e instanceof SimulatedCrashException) {
          throw e;
        }
        // An input vanished or is unreadable: the compaction fails before writing anything.
        file.close();
        files.delete(path);
      }
      return;
    }
  }

  private void advanceCompaction() throws IOException {
    Compaction.Outcome outcome;
    try {
      outcome = compaction.step(config.compactionEntriesPerStep());
    } catch (SimulatedCrashException e) {
      throw e;
    } catch (IOException e) {
      outcome = Compaction.Outcome.FAILED;
    }
    if (outcome == Compaction.Outcome.RUNNING) {
      return;
    }
    Compaction done = compaction;
    compaction = null;
    done.close();
    if (outcome == Compaction.Outcome.FAILED) {
      files.delete(done.output.path());
      return;
    }
    int inputLevel = done.output.level() - 1;
    levels.get(inputLevel).removeAll(done.inputs);
    levels.get(done.output.level()).add(done.output);
    sstFiles.add(done.output);
    sstPathsOnDisk.add(done.output.path());
  }

  /** Runs compactions to completion while some level holds two or more tables (for SST-heavy bulk data). */
  void compactEagerly() throws IOException {
    int guard = 0;
    while (guard++ < 64) {
      if (compaction == null) {
        startCompaction();
        if (compaction == null) {
          return;
        }
      }
      while (compaction != null) {
        advanceCompaction();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Lifetimes

  private void startLifetime() throws IOException {
    Instant now = clock.instant();
    List<Segment> previous = new ArrayList<>(segments);
    if (compaction != null) {
      // The process died mid-compaction: the partial output stays until the sweep below.
      compaction.close();
      sstPathsOnDisk.add(compaction.output.path());
      compaction = null;
    }
    for (Segment s : previous) {
      if (!s.closed) {
        s.file.close();
        s.closed = true;
      }
    }
    if (vlogFile != null) {
      vlogFile.close();
      vlogFile = null;
      vlog = null;
    }
    segments.clear();
    immutables.clear();
    lifetime++;
    nextTimestamp = 1;
    nextWalNumber = 1;
    nextSstNumber = 1;
    nextManifestId = 1;

    List<Segment> oldWals = new ArrayList<>();
    for (Segment s : previous) {
      if (!s.file.unlinked) {
        oldWals.add(s);
      }
    }
    if (config.recovery() == RecoveryEmulation.SIMPLE) {
      for (Segment s : oldWals) {
        files.delete(s.file.path);
        truth.segmentUnlinked(s.id, now);
      }
    }
    active = newSegment(now);
    for (int level = 0; level < LEVELS; level++) {
      for (TableInfo t : List.copyOf(manifestLevels.get(level))) {
        manifestAppend(ManifestChange.delete(t, now.getEpochSecond()));
      }
      manifestLevels.get(level).clear();
    }
    if (config.recovery() == RecoveryEmulation.FAITHFUL) {
      replayPreviousWals(oldWals, now);
    }
    // Wombat's orphan sweep deletes every SSTable: flushed, compacted, compaction inputs and partial outputs.
    for (Path p : sstPathsOnDisk) {
      files.delete(p);
    }
    sstPathsOnDisk.clear();
    sstFiles.clear();
    levels.forEach(List::clear);
    for (Path p : tempFiles) {
      files.delete(p);
    }
    tempFiles.clear();
  }

  /**
   * Wombat's {@code recoverFromWAL}: every WAL file, in readdir order and including the new {@code wal_1}, is
   * replayed into the new memtable (and so appended to the new {@code wal_1}) and deleted.
   */
  private void replayPreviousWals(List<Segment> oldWals, Instant now) throws IOException {
    Segment target = active;
    List<Segment> order = new ArrayList<>(oldWals);
    order.add(target);
    random.shuffle(order);
    for (Segment s : order) {
      if (s == target) {
        replayInto(target, ByteSource.of(target.file.channel(), target.writer.fileSize()), now);
        target.file.unlink();
      } else {
        byte[] content = Files.readAllBytes(s.file.path);
        replayInto(target, ByteSource.of(content), now);
        files.delete(s.file.path);
      }
      truth.segmentUnlinked(s.id, now);
    }
  }

  private void replayInto(Segment target, ByteSource content, Instant now) throws IOException {
    List<WalRecord> records = new ArrayList<>();
    // Read everything first: replaying wal_1 into itself must see its content as it was when the replay began.
    List<Long> zeroRunsBefore = new ArrayList<>();
    long[] pendingZeros = new long[1];
    WombatReplayLoop.replay(content, new WombatReplayLoop.Sink() {
      @Override
      public void record(WalRecord record) {
        zeroRunsBefore.add(pendingZeros[0]);
        pendingZeros[0] = 0;
        records.add(record);
      }

      @Override
      public void zeroRecords(long count) {
        pendingZeros[0] += count;
      }
    });
    for (int i = 0; i < records.size(); i++) {
      target.writer.appendZeroRecords(zeroRunsBefore.get(i));
      WalRecord r = records.get(i);
      long start = target.writer.append(r);
      target.memtableBytes += r.key().length() + r.value().length();
      log(OpKind.RECOVERY_COPY, now, target, start, r, resolvedValue(r));
    }
    target.writer.appendZeroRecords(pendingZeros[0]);
  }

  private Optional<Bytes> resolvedValue(WalRecord r) {
    if (r.isDeleted()) {
      return Optional.empty();
    }
    if (r.isExternal()) {
      Bytes v = pointerValues.get(r.pointer());
      return Optional.of(v != null ? v : r.value());
    }
    return Optional.of(r.value());
  }

  private void writeConfigFile() throws IOException {
    // Paths relative to the data directory keep the bytes independent of where the directory lives.
    String valueDir = config.dir().toAbsolutePath().relativize(config.valueDir().toAbsolutePath()).toString();
    String json = "{\"dir\":\".\",\"value_dir\":\"" + (valueDir.isEmpty() ? "." : valueDir)
        + "\",\"mem_table_size\":" + config.memTableSize() + ",\"value_log_file_size\":" + config.valueLogFileSize()
        + ",\"value_threshold\":" + config.valueThreshold() + ",\"block_size\":" + config.blockSize()
        + ",\"compression\":\"" + (config.compression() ? "zlib" : "none") + "\",\"num_memtables\":"
        + config.numMemtables() + "}\n";
    // Written by the deployment before Wombat starts: not part of the simulated process's writes or crash budget.
    Files.writeString(config.dir().resolve(config.naming().configName()), json, StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Bulk generation

  /** {@link #generate(Path, long, Mix, long)} with seed 1. */
  public static GenerateResult generate(Path dir, long targetBytes, Mix mix) throws IOException {
    return generate(dir, targetBytes, mix, 1L);
  }

  /**
   * Writes a Wombat directory of about {@code targetBytes} bytes written, shaped by {@code mix}, for benches and
   * demos. Deterministic for a seed (times come from a {@link SteppingClock} starting at 2025-07-19).
   */
  public static GenerateResult generate(Path dir, long targetBytes, Mix mix, long seed) throws IOException {
    SimulatorConfig config = mix.config(dir, targetBytes);
    Clock clock = new SteppingClock(Instant.parse("2025-07-19T04:40:00Z"), java.time.Duration.ofMillis(1));
    try (WombatSimulator sim = open(config, seed, clock)) {
      while (sim.bytesWritten() < targetBytes) {
        sim.step();
        if (mix.eagerCompaction()) {
          sim.compactEagerly();
        }
      }
      List<Path> left;
      long size = 0;
      try (var entries = Files.list(dir)) {
        left = entries.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path p : left) {
        size += Files.size(p);
      }
      return new GenerateResult(dir, mix, sim.bytesWritten(), sim.steps(), left, size);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Faults

  /**
   * Writes only the header of a put at the active segment's end, leaving its payload zero, without logging it or
   * advancing: what a reader sees between the two halves of a write. The next record overwrites it.
   */
  public void writeTornRecord(Bytes key, Bytes value) throws IOException {
    checkUsable();
    guard(() -> active.writer.appendHeaderOnly(WalRecord.put(key, value, nextTimestamp)));
  }

  /** Leaves {@code length} zero bytes before the next record of the active segment: a hole. */
  public void leaveZeroHole(int length) throws IOException {
    checkUsable();
    guard(() -> active.writer.skip(length));
  }

  /**
   * Replaces {@code file} with a copy of itself under the same name (a new inode), as a file replaced between a
   * reader's stat and open. A replaced WAL or value log is no longer written by the simulator.
   */
  public void replaceWithCopy(Path file) throws IOException {
    checkUsable();
    Path tmp = file.resolveSibling(file.getFileName() + ".replacing");
    Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Deletes {@code file} behind the simulated Wombat's back, as a file that vanishes between a reader's listing and
   * its open. A deleted WAL or value log that is still open keeps being written through its descriptor.
   */
  public void deleteFile(Path file) throws IOException {
    checkUsable();
    Files.deleteIfExists(file);
  }

  /** Ends the run as a crash would: files keep what was written, nothing is closed cleanly. */
  public void crash() {
    dead = true;
    closeQuietly(null);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Plumbing

  @FunctionalInterface
  private interface Action {
    void run() throws IOException;
  }

  private void guard(Action action) throws IOException {
    try {
      action.run();
    } catch (SimulatedCrashException e) {
      die(e);
      throw e;
    }
  }

  private void die(SimulatedCrashException e) {
    dead = true;
    closeQuietly(e);
  }

  private void checkUsable() {
    if (dead || files.crashed()) {
      throw new IllegalStateException("the simulated Wombat has crashed or was stopped");
    }
  }

  private void closeQuietly(Exception primary) {
    try {
      closeFiles();
    } catch (IOException e) {
      if (primary != null) {
        primary.addSuppressed(e);
      }
    }
  }

  private void closeFiles() throws IOException {
    IOException failure = null;
    List<AutoCloseable> open = new ArrayList<>();
    for (Segment s : segments) {
      if (!s.closed) {
        open.add(s.file);
        s.closed = true;
      }
    }
    if (vlogFile != null) {
      open.add(vlogFile);
      vlogFile = null;
    }
    if (manifestFile != null) {
      open.add(manifestFile);
      manifestFile = null;
      manifest = null;
    }
    if (compaction != null) {
      open.add(compaction);
      compaction = null;
    }
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Stops the simulation and closes every file it holds (an unlinked {@code wal_1} vanishes). */
  @Override
  public void close() throws IOException {
    dead = true;
    valueZlib.close();
    closeFiles();
  }
}
