package dev.pouch.agent.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pouch.agent.repository.Json;
import dev.pouch.agent.snapshot.EntryType;
import dev.pouch.agent.snapshot.FileEntry;
import dev.pouch.agent.source.CapturePlan;
import dev.pouch.agent.source.CaptureStrategy;
import dev.pouch.agent.source.CapturedFile;
import dev.pouch.agent.source.Confirmation;
import dev.pouch.agent.source.DirectoryScanner;
import dev.pouch.agent.source.ExcludeRules;
import dev.pouch.agent.source.HeadStart;
import dev.pouch.agent.source.SourceEntry;
import dev.pouch.agent.source.SourceEntry.Growth;
import dev.pouch.storage.Sleeper;
import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.directory.ClassificationRules;
import dev.pouch.wombat.directory.FileKind;
import dev.pouch.wombat.directory.WombatDirectory;
import dev.pouch.wombat.directory.WombatFile;
import dev.pouch.wombat.sst.SstValidation;
import dev.pouch.wombat.sst.SstValidator;
import dev.pouch.wombat.sst.StreamingSstValidator;
import dev.pouch.wombat.state.ReplayResult;
import dev.pouch.wombat.state.ReplaySegment;
import dev.pouch.wombat.state.SegmentReplay;
import dev.pouch.wombat.vlog.ValueLogSet;
import dev.pouch.wombat.vlog.VlogScan;
import dev.pouch.wombat.vlog.VlogScanner;
import dev.pouch.wombat.wal.WalScan;
import dev.pouch.wombat.wal.WalScanOptions;
import dev.pouch.wombat.wal.WalScanner;
import dev.pouch.wombat.wal.ZeroHeaderPolicy;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Consistent capture of a live Wombat data directory (docs: shared wombat-format.md §4). The plan reads MANIFEST up
 * to its last newline, validates SSTables, cuts each WAL at its last validated (settled) record, and takes value logs
 * last, up to their logical end. After the bytes are read, {@link #confirm} proves the set fits together: every file
 * still is what was planned (same inode, not shrunk), and every value pointer in the captured WAL bytes lies inside
 * the captured value-log bytes with a matching FNV. What does not fit is read again or its WAL cut moved back. The
 * proof (files, cuts, extents, counts, semantic digest) goes into the snapshot. The source is only ever read.
 */
public final class WombatCapture implements CaptureStrategy {

  private final CaptureOptions options;
  private final WombatDirectory directory;
  private final Sleeper sleeper;
  private final Clock clock;
  private final UnlinkedWals unlinked;
  private final HeadStart<Survey> surveyed = new HeadStart<>();

  public WombatCapture(CaptureOptions options, Sleeper sleeper, Clock clock) {
    this(options, sleeper, clock, UnlinkedWals.system());
  }

  public WombatCapture(CaptureOptions options, Sleeper sleeper, Clock clock, UnlinkedWals unlinked) {
    this.options = options;
    this.directory = new WombatDirectory(options.rules());
    this.sleeper = sleeper;
    this.clock = clock;
    this.unlinked = unlinked;
  }

  @Override
  public String name() {
    return "wombat";
  }

  /** Whether a directory holds Wombat files (by name or content): used to pick this strategy automatically. */
  public static boolean looksLikeWombat(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    // Files whose names suggest Wombat are probed first, so a Wombat directory is recognised after a file or two
    // instead of a content probe of every file (thousands of tmp_* files in a busy one); the full classification,
    // which also recognises Wombat files by content alone, runs only when no name suggests one.
    WombatDirectory classifier = WombatDirectory.withDefaultRules();
    ClassificationRules rules = ClassificationRules.defaults();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        Optional<FileKind> named = rules.suggest(p.getFileName().toString());
        if (named.isPresent() && isWombatData(named.get()) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          try {
            if (isWombatData(classifier.classifyFile(p).kind())) {
              return true;
            }
          } catch (NoSuchFileException e) {
            // vanished (compacted away) meanwhile: look further
          }
        }
      }
    }
    for (WombatFile f : classifier.classify(dir).files()) {
      if (isWombatData(f.kind())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWombatData(FileKind kind) {
    return kind == FileKind.MANIFEST || kind == FileKind.SST || kind == FileKind.WAL || kind == FileKind.VLOG;
  }

  /**
   * What the plan learned about one Wombat file.
   *
   * @param unlinked read through /proc from a process that still has it open; holds Wombat's zero padding records
   */
  record Planned(FileKind kind, long validatedEnd, long records, String stopReason, boolean unlinked,
      long provenPrefix) {
    Planned(FileKind kind, long validatedEnd, long records, String stopReason) {
      this(kind, validatedEnd, records, stopReason, false, 0);
    }

    ZeroHeaderPolicy zeroHeaders() {
      return unlinked ? ZeroHeaderPolicy.SKIP_AS_PADDING : ZeroHeaderPolicy.END_OF_LOG;
    }
  }

  /**
   * Planning facts handed to {@link #confirm}.
   *
   * @param blockChecks new SSTables whose tails were valid, by path: their blocks are checked as the backup reads them
   *     ({@link #observe}), and the result lands here; a path without a result was not read from its start
   * @param lateWarnings warnings found at confirm (a table that failed its block checks), kept across rounds
   * @param checking the thread that checks the blocks the backup read; {@link #confirm} drains it first
   */
  record Notes(Map<String, Planned> files, Map<String, String> kinds, java.time.Instant plannedAt,
      JsonNode previousProof, Map<String, Optional<SstValidation>> blockChecks, List<String> lateWarnings,
      BackgroundBlockChecks checking) {}

  @Override
  public CapturePlan plan(Path root, ExcludeRules excludes, Map<String, FileEntry> previous) throws IOException {
    return plan(root, excludes, previous, null);
  }

  /**
   * The prefix of an append-only file the parent snapshot already captured and proved: same inode, not shorter, and
   * the same first bytes. Scanning resumes there instead of at 0, which is what keeps an unchanged store's
   * incremental backup from re-reading every WAL and value log.
   */
  private static long provenPrefix(SourceEntry now, FileEntry before) throws IOException {
    if (before == null || before.fingerprint() == null || !Objects.equals(before.inode(), now.inode())
        || before.size() > now.captureBytes()) {
      return 0;
    }
    String head = dev.pouch.agent.source.Fingerprints.of(now.withCaptureBytes(before.size()));
    return before.fingerprint().equals(head) ? before.size() : 0;
  }

  /**
   * The source listed and every file classified: the part of a plan that needs nothing from the repository.
   *
   * @param plannedAt when the listing began; the plan's time
   */
  private record Survey(java.time.Instant plannedAt, Path scannedRoot,
      List<String> warnings, List<SourceEntry> others, List<SourceEntry> manifests, List<SourceEntry> ssts,
      List<SourceEntry> wals, List<SourceEntry> vlogs) {}

  /**
   * Lists and classifies the source now, so the plan that follows (of the same root and rules) starts from it: a
   * one-shot backup does this while the repository's key is derived. The plan is then as if its listing had been
   * slow; what changed meanwhile is what confirm already handles for a live source (files gone, new tables, WALs
   * grown or deleted).
   */
  @Override
  public void prepare(Path root, ExcludeRules excludes) {
    surveyed.offer(root, excludes, () -> survey(root, excludes));
  }

  private Survey survey(Path root, ExcludeRules excludes) throws IOException {
    java.time.Instant plannedAt = clock.instant();
    DirectoryScanner.Scan scan = new DirectoryScanner().scan(root, excludes);
    List<String> warnings = new ArrayList<>(scan.skipped());
    List<SourceEntry> others = new ArrayList<>();
    List<SourceEntry> manifests = new ArrayList<>();
    List<SourceEntry> ssts = new ArrayList<>();
    List<SourceEntry> wals = new ArrayList<>();
    List<SourceEntry> vlogs = new ArrayList<>();
    for (SourceEntry e : scan.entries()) {
      if (e.type() != EntryType.FILE) {
        others.add(e);
        continue;
      }
      WombatFile file;
      try {
        file = directory.classifyFile(e.absolute());
      } catch (NoSuchFileException gone) {
        continue; // deleted since the scan: a compacted SST or a rotated temp file
      }
      if (file.nameContentMismatch()) {
        warnings.add(e.path() + ": named like " + file.nameSuggested().map(Enum::name).orElse("?") + " but its "
            + "content is " + file.kind() + "; captured as " + file.kind());
      }
      switch (file.kind()) {
        case TEMP -> {
          if (!options.excludeTemp()) {
            others.add(e);
          }
        }
        case WAL -> {
          if (!options.excludeWal()) {
            wals.add(e.withGrowth(Growth.APPEND_ONLY));
          }
        }
        case MANIFEST -> manifests.add(e.withGrowth(Growth.APPEND_ONLY));
        case SST -> ssts.add(e.withGrowth(Growth.IMMUTABLE));
        case VLOG -> vlogs.add(e.withGrowth(Growth.APPEND_ONLY));
        default -> {
          if (file.nameSuggested().orElse(FileKind.OTHER) == FileKind.SST) {
            // Wombat builds an SSTable under its final name; without a footer it is still being written, and its
            // data is still in a WAL.
            warnings.add(e.path() + ": named like an SSTable but not a complete one (still being written?); "
                + "skipped, its data is still in a WAL");
          } else {
            others.add(e);
          }
        }
      }
    }
    return new Survey(plannedAt, scan.root(), warnings, others, manifests, ssts, wals, vlogs);
  }

  @Override
  public CapturePlan plan(Path root, ExcludeRules excludes, Map<String, FileEntry> previous, JsonNode previousProof)
      throws IOException {
    Survey survey = surveyed.take(root, excludes, () -> survey(root, excludes));
    java.time.Instant plannedAt = survey.plannedAt();
    List<String> warnings = survey.warnings();
    Map<String, Planned> planned = new LinkedHashMap<>();
    List<SourceEntry> others = survey.others();
    List<SourceEntry> manifests = survey.manifests();
    List<SourceEntry> ssts = survey.ssts();
    List<SourceEntry> wals = survey.wals();
    List<SourceEntry> vlogs = survey.vlogs();
    List<SourceEntry> entries = new ArrayList<>(others);
    Map<String, Optional<SstValidation>> blockChecks = new java.util.concurrent.ConcurrentHashMap<>();
    for (SourceEntry m : manifests) {
      long cut = lastNewline(m.absolute(), m.captureBytes());
      planned.put(m.path(), new Planned(FileKind.MANIFEST, cut, -1, "last newline"));
      entries.add(m.withCaptureBytes(cut));
    }
    for (SourceEntry s : ssts) {
      FileEntry before = previous.get(s.path());
      boolean unchanged = before != null && before.size() == s.captureBytes() && before.mtime().equals(s.mtime())
          && Objects.equals(before.inode(), s.inode());
      if (!unchanged) {
        // Only the tail (footer, indexes) is read now; the blocks are checked as the backup reads the table (observe),
        // so a new table is read once instead of twice, and only through the backup's throttled, cache-sparing reads.
        StreamingSstValidator.Start tail = openSst(s);
        if (tail == null) {
          continue; // vanished: compacted away
        }
        tail.validator().ifPresent(StreamingSstValidator::close); // observe opens it again when the backup reads
        if (tail.failed().isPresent()) {
          warnings.add(notCompleteWarning(s.path(), tail.failed().get()));
          continue;
        }
        blockChecks.put(s.path(), Optional.empty());
      }
      planned.put(s.path(), new Planned(FileKind.SST, s.captureBytes(), -1, unchanged ? "unchanged" : "valid"));
      entries.add(s);
    }
    java.util.Set<String> unlinkedPaths = new java.util.HashSet<>();
    if (!options.excludeWal()) {
      addUnlinkedWals(survey.scannedRoot(), wals, unlinkedPaths, warnings);
    }
    wals.sort(Comparator.comparingLong((SourceEntry w) -> number(w.path())).thenComparing(SourceEntry::path));
    try (OpenLogs live = openValueLogs(vlogs, null)) {
      for (SourceEntry w : wals) {
        boolean unlinked = unlinkedPaths.contains(w.path());
        long proven = provenPrefix(w, previous.get(w.path()));
        WalTails.Cut cut = settledCut(w, proven, live.set(), unlinked ? ZeroHeaderPolicy.SKIP_AS_PADDING
            : ZeroHeaderPolicy.END_OF_LOG);
        if (cut == null) {
          continue;
        }
        if (cut.scan().hasDataBeyondEnd()) {
          warnings.add(w.path() + ": non-zero bytes after the validated end at " + cut.scan().end() + " ("
              + cut.scan().stopReason() + "); captured up to the end");
        }
        planned.put(w.path(), new Planned(FileKind.WAL, cut.end(), cut.scan().recordCount(),
            cut.scan().stopReason().name(), unlinked, proven));
        entries.add(w.withCaptureBytes(cut.end()));
      }
    }
    // Value logs last: a vlog record is written before the WAL record that points to it, so every pointer in the
    // WAL cuts above already lies below the ends taken now.
    for (SourceEntry v : vlogs) {
      VlogScan vlogScan;
      long proven = provenPrefix(v, previous.get(v.path()));
      try (FileChannel ch = FileChannel.open(v.absolute(), StandardOpenOption.READ)) {
        vlogScan = VlogScanner.scan(ByteSource.of(ch, ch.size()), proven);
      } catch (NoSuchFileException gone) {
        warnings.add(v.path() + ": value log vanished during the backup; pointers into it are reported at confirm");
        continue;
      }
      planned.put(v.path(), new Planned(FileKind.VLOG, vlogScan.end(), vlogScan.recordCount(),
          vlogScan.stopReason().name(), false, proven));
      entries.add(v.withCaptureBytes(vlogScan.end()));
    }
    Map<String, String> kinds = new HashMap<>();
    planned.forEach((k, p) -> kinds.put(k, p.kind().name()));
    return new CapturePlan(survey.scannedRoot(), entries, warnings, new Notes(planned, kinds, plannedAt,
        previousProof, blockChecks, java.util.Collections.synchronizedList(new ArrayList<>()),
        new BackgroundBlockChecks()));
  }

  private static String notCompleteWarning(String path, SstValidation v) {
    return path + ": not a complete SSTable (" + v.problem().orElseThrow() + "); skipped, its data is still in a WAL";
  }

  /**
   * An SSTable's tail (footer, bloom filter, indexes) read and checked, ready for its blocks; null when it vanished. The
   * plan and the read each open one: a validator kept from plan to read would hold every new table's indexes and an
   * inflater for the whole backup, and the tail is about 1% of a table, read from the page cache the second time.
   */
  private static StreamingSstValidator.Start openSst(SourceEntry s) throws IOException {
    try (FileChannel ch = FileChannel.open(s.absolute(), StandardOpenOption.READ)) {
      return StreamingSstValidator.open(ByteSource.of(ch, Math.min(ch.size(), s.captureBytes())));
    } catch (NoSuchFileException gone) {
      return null;
    }
  }

  @Override
  public InputStream observe(CapturePlan plan, SourceEntry entry, long from, InputStream in) throws IOException {
    Notes notes = (Notes) plan.notes();
    if (from != 0 || !notes.blockChecks().containsKey(entry.path())) {
      return in;
    }
    StreamingSstValidator.Start start = openSst(entry);
    if (start == null) {
      return in; // the read that follows reports it
    }
    if (start.failed().isPresent()) {
      notes.blockChecks().put(entry.path(), start.failed());
      return in;
    }
    StreamingSstValidator validator = start.validator().orElseThrow();
    BackgroundBlockChecks checking = notes.checking();
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          checking.accept(validator, new byte[] {(byte) b}, 0, 1);
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
          checking.accept(validator, buffer, offset, n);
        }
        return n;
      }

      @Override
      public void close() throws IOException {
        try {
          checking.finish(validator, result -> notes.blockChecks().put(entry.path(), Optional.of(result)));
        } finally {
          super.close();
        }
      }
    };
  }

  private static SstValidation validateSst(SourceEntry s) throws IOException {
    try (FileChannel ch = FileChannel.open(s.absolute(), StandardOpenOption.READ)) {
      return SstValidator.validate(ByteSource.of(ch, Math.min(ch.size(), s.captureBytes())));
    } catch (NoSuchFileException gone) {
      return null;
    }
  }

  /**
   * Adds WAL segments Wombat unlinked but still writes (read through /proc), and warns when a numbering gap suggests
   * one that cannot be reached.
   */
  private void addUnlinkedWals(Path root, List<SourceEntry> wals, java.util.Set<String> unlinkedPaths,
      List<String> warnings) throws IOException {
    java.util.Set<String> linkedNames = new java.util.HashSet<>();
    wals.forEach(w -> linkedNames.add(w.path()));
    for (UnlinkedWals.Found f : unlinked.find(root, options.rules())) {
      if (linkedNames.contains(f.name())) {
        warnings.add(f.name() + ": an unlinked segment of that name is still open (inode " + f.inode() + ") beside a "
            + "linked one; only the linked one is captured");
        continue;
      }
      java.nio.file.attribute.BasicFileAttributes attrs;
      try {
        attrs = Files.readAttributes(f.readPath(), java.nio.file.attribute.BasicFileAttributes.class);
      } catch (NoSuchFileException gone) {
        continue;
      }
      wals.add(new SourceEntry(f.name(), f.readPath(), EntryType.FILE, 0644, attrs.lastModifiedTime().toInstant(),
          attrs.size(), f.inode(), deviceOf(root), null, Growth.APPEND_ONLY));
      unlinkedPaths.add(f.name());
      linkedNames.add(f.name());
    }
    boolean hasOne = wals.stream().anyMatch(w -> number(w.path()) == 1);
    if (!hasOne && !wals.isEmpty()) {
      warnings.add("no WAL segment number 1 is visible: Wombat unlinks wal_1.log at open and keeps writing it; run "
          + "pouch as the database's user or with a shared PID namespace so /proc reaches it (records in it are not "
          + "in this snapshot)");
    }
  }

  private static Long deviceOf(Path p) {
    try {
      return ((Number) Files.getAttribute(p, "unix:dev")).longValue();
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  /** Scans a live WAL from its start to its settled validated end; null if the file vanished. */
  private WalTails.Cut settledCut(SourceEntry w, long start, ValueLogSet live, ZeroHeaderPolicy zeroHeaders)
      throws IOException {
    try (FileChannel ch = FileChannel.open(w.absolute(), StandardOpenOption.READ)) {
      return WalTails.settled(ch, start, live, zeroHeaders, sleeper, options.settleDelay());
    } catch (NoSuchFileException gone) {
      return null;
    }
  }

  /** Offset just past the last newline in the first {@code size} bytes: a torn last MANIFEST line is left out. */
  static long lastNewline(Path file, long size) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long end = Math.min(size, ch.size());
      int block = 64 * 1024;
      for (long hi = end; hi > 0; hi -= block) {
        long lo = Math.max(0, hi - block);
        byte[] b = WalTails.read(ch, lo, (int) (hi - lo));
        for (int i = b.length - 1; i >= 0; i--) {
          if (b[i] == '\n') {
            return lo + i + 1;
          }
        }
      }
      return 0;
    }
  }

  /** Value logs opened for pointer checks; closing closes their channels. */
  record OpenLogs(ValueLogSet set, List<FileChannel> channels) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      IOException first = null;
      for (FileChannel c : channels) {
        try {
          c.close();
        } catch (IOException e) {
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
      set.close();
      if (first != null) {
        throw first;
      }
    }
  }

  /** Value logs by file id; with {@code lengths}, each limited to its captured length, else to its size now. */
  private static OpenLogs openValueLogs(List<SourceEntry> vlogs, Map<String, Long> lengths) throws IOException {
    Map<Long, ByteSource> sources = new HashMap<>();
    List<FileChannel> channels = new ArrayList<>();
    try {
      for (SourceEntry v : vlogs) {
        OptionalLong id = ValueLogSet.fileIdFromName(Path.of(v.path()).getFileName().toString());
        Long len = lengths == null ? Long.valueOf(Long.MAX_VALUE) : lengths.get(v.path());
        if (id.isEmpty() || len == null) {
          continue;
        }
        FileChannel ch;
        try {
          ch = FileChannel.open(v.absolute(), StandardOpenOption.READ);
        } catch (NoSuchFileException gone) {
          continue; // its pointers fail to resolve and the WAL cut says so
        }
        channels.add(ch);
        sources.put(id.getAsLong(), ByteSource.of(ch, Math.min(len, ch.size())));
      }
    } catch (IOException e) {
      closeAll(channels, e);
      throw e;
    }
    return new OpenLogs(ValueLogSet.of(sources), channels);
  }

  private static void closeAll(List<FileChannel> channels, IOException primary) {
    for (FileChannel c : channels) {
      try {
        c.close();
      } catch (IOException e) {
        primary.addSuppressed(e);
      }
    }
  }

  private static long number(String path) {
    String name = Path.of(path).getFileName().toString();
    String digits = name.replaceAll("\\D+", " ").trim();
    if (digits.isEmpty()) {
      return Long.MAX_VALUE;
    }
    String[] parts = digits.split(" ");
    try {
      return Long.parseLong(parts[parts.length - 1]);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public Confirmation confirm(CapturePlan plan, Map<String, CapturedFile> captured) throws IOException {
    Notes notes = (Notes) plan.notes();
    notes.checking().drain(); // the block checks of every table read so far
    List<SourceEntry> again = new ArrayList<>();
    List<String> drop = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    // 1. Every captured Wombat file is still the file that was planned and held the bytes we read.
    for (CapturedFile c : captured.values()) {
      Planned p = notes.files().get(c.planned().path());
      if (p == null || c.stored().type() != EntryType.FILE) {
        continue;
      }
      String change = changedUnderneath(c, p);
      if (change != null) {
        reasons.add(c.planned().path() + " " + change);
        SourceEntry fresh = replan(c.planned(), p);
        if (fresh == null) {
          drop.add(c.planned().path());
        } else {
          again.add(fresh);
        }
      }
    }
    if (!again.isEmpty() || !drop.isEmpty()) {
      return new Confirmation.Recapture(again, drop, String.join("; ", reasons));
    }
    // 2. Every new SSTable's blocks validated as they were read (or, if they were not read from the start, now).
    for (CapturedFile c : ofKind(captured, notes, FileKind.SST)) {
      Optional<SstValidation> checked = notes.blockChecks().get(c.planned().path());
      if (checked == null) {
        continue; // unchanged since the parent, which validated it
      }
      SstValidation v = checked.isPresent() ? checked.get() : validateSst(c.planned());
      if (v == null || !v.isValid()) {
        notes.blockChecks().remove(c.planned().path());
        notes.lateWarnings().add(v == null ? c.planned().path() + ": vanished before its blocks could be checked; "
            + "skipped, its data is still in a WAL" : notCompleteWarning(c.planned().path(), v));
        drop.add(c.planned().path());
        reasons.add(c.planned().path() + " failed validation");
      }
    }
    if (!drop.isEmpty()) {
      return new Confirmation.Recapture(List.of(), drop, String.join("; ", reasons));
    }
    // 3. Every value pointer in the captured WAL bytes resolves inside the captured value-log bytes.
    List<CapturedFile> vlogs = ofKind(captured, notes, FileKind.VLOG);
    List<CapturedFile> wals = ofKind(captured, notes, FileKind.WAL);
    Map<String, Long> vlogLengths = new HashMap<>();
    vlogs.forEach(v -> vlogLengths.put(v.planned().path(), v.stored().size()));
    List<SourceEntry> vlogEntries = vlogs.stream().map(CapturedFile::planned).toList();
    ObjectNode proof = Json.mapper().createObjectNode();
    try (OpenLogs opened = openValueLogs(vlogEntries, vlogLengths)) {
      ValueLogSet capturedLogs = opened.set();
      for (CapturedFile w : wals) {
        long cut = w.stored().size();
        WalScan scan;
        try (FileChannel ch = FileChannel.open(w.planned().absolute(), StandardOpenOption.READ)) {
          // The parent proved the pointers below its cut against a prefix of these same value logs.
          Planned pw = notes.files().get(w.planned().path());
          long from = Math.min(pw.provenPrefix(), cut);
          scan = WalScanner.scan(ByteSource.of(ch, Math.min(cut, ch.size())), from,
              WalScanOptions.of(capturedLogs).withTailCheck(false).withZeroHeaders(pw.zeroHeaders()), null);
        } catch (NoSuchFileException gone) {
          return new Confirmation.Abandon(w.planned().path() + " vanished after it was read, before its value "
              + "pointers could be checked (Wombat restarted or deleted it)");
        }
        if (scan.end() < cut) {
          reasons.add(w.planned().path() + " has a record at " + scan.end() + " whose value is not in the captured "
              + "value logs (" + scan.stopReason() + ")");
          // Read the value logs again (they may have grown); if that does not help, the next round cuts the WAL.
          boolean vlogGrew = false;
          for (CapturedFile v : vlogs) {
            SourceEntry fresh = replan(v.planned(), notes.files().get(v.planned().path()));
            if (fresh != null && fresh.captureBytes() > v.stored().size()) {
              again.add(fresh);
              vlogGrew = true;
            }
          }
          if (!vlogGrew) {
            again.add(w.planned().withCaptureBytes(scan.end()));
          }
        }
      }
      if (!again.isEmpty()) {
        return new Confirmation.Recapture(dedupe(again), List.of(), String.join("; ", reasons));
      }
      proof.put("format", "wombat");
      proof.put("plannedAt", notes.plannedAt().toString());
      proof.put("capturedAt", clock.instant().toString());
      ArrayNode files = proof.putArray("files");
      for (CapturedFile c : captured.values()) {
        Planned p = notes.files().get(c.planned().path());
        if (p == null) {
          continue;
        }
        ObjectNode f = files.addObject();
        f.put("path", c.planned().path());
        f.put("kind", p.kind().name());
        if (c.planned().inode() != null) {
          f.put("inode", c.planned().inode());
          f.put("device", c.planned().device());
        }
        f.put("bytes", c.stored().size());
        f.put("validatedEnd", p.validatedEnd());
        if (p.records() >= 0) {
          f.put("records", p.records());
        }
        f.put("stop", p.stopReason());
        if (p.unlinked()) {
          f.put("unlinked", true);
        }
        if (c.sha256() != null) {
          f.put("sha256", c.sha256());
        }
      }
      ObjectNode cuts = proof.putObject("walCuts");
      wals.forEach(w -> cuts.put(w.planned().path(), w.stored().size()));
      ObjectNode extents = proof.putObject("vlogExtents");
      vlogs.forEach(v -> extents.put(v.planned().path(), v.stored().size()));
      ObjectNode counts = proof.putObject("counts");
      counts.put("sst", ofKind(captured, notes, FileKind.SST).size());
      counts.put("wal", wals.size());
      counts.put("vlog", vlogs.size());
      counts.put("manifest", ofKind(captured, notes, FileKind.MANIFEST).size());
      proof.set("digest", reusableDigest(wals, notes).orElse(digest(wals, capturedLogs, notes)));
    }
    List<String> warnings = new ArrayList<>(notes.lateWarnings());
    if (options.excludeWal()) {
      warnings.add("WAL segments excluded (exclude_wal): the snapshot restores to the last flushed state only");
    }
    return new Confirmation.Confirmed(proof, warnings);
  }

  /**
   * The parent's digest, when every captured WAL segment is exactly one the parent captured (same name, inode and
   * length) and no other: the state they replay to is then the same (value logs only grow, so every value the
   * records point to is unchanged).
   */
  private static java.util.Optional<JsonNode> reusableDigest(List<CapturedFile> wals, Notes notes) {
    JsonNode before = notes.previousProof();
    if (before == null || !before.path("digest").path("sha256").isTextual()) {
      return java.util.Optional.empty();
    }
    Map<String, String> previousWals = new HashMap<>();
    for (JsonNode f : before.path("files")) {
      if (f.path("kind").asText().equals("WAL")) {
        previousWals.put(f.path("path").asText(), f.path("inode").asText() + ":" + f.path("bytes").asText());
      }
    }
    Map<String, String> nowWals = new HashMap<>();
    for (CapturedFile w : wals) {
      nowWals.put(w.planned().path(), w.planned().inode() + ":" + w.stored().size());
    }
    if (!nowWals.equals(previousWals)) {
      return java.util.Optional.empty();
    }
    ObjectNode d = ((ObjectNode) before.get("digest")).deepCopy();
    d.put("reusedFromParent", true);
    return java.util.Optional.of(d);
  }

  /** The semantic digest of the captured WALs replayed to their cuts, or why it was skipped. */
  private JsonNode digest(List<CapturedFile> wals, ValueLogSet logs, Notes notes) throws IOException {
    ObjectNode d = Json.mapper().createObjectNode();
    long walBytes = wals.stream().mapToLong(w -> w.stored().size()).sum();
    if (options.excludeWal()) {
      d.put("skipped", "WAL segments excluded");
      return d;
    }
    if (walBytes > options.semanticDigestMaxWalBytes()) {
      d.put("skipped", "WAL bytes " + walBytes + " exceed the replay limit " + options.semanticDigestMaxWalBytes());
      return d;
    }
    List<FileChannel> channels = new ArrayList<>();
    try {
      List<ReplaySegment> segments = new ArrayList<>();
      for (CapturedFile w : wals) {
        FileChannel ch;
        try {
          ch = FileChannel.open(w.planned().absolute(), StandardOpenOption.READ);
        } catch (NoSuchFileException gone) {
          // Its pointers were checked a moment ago; only the digest is lost, and restore says it was not compared.
          d.put("skipped", w.planned().path() + " vanished before the replay (Wombat restarted or deleted it)");
          return d;
        }
        channels.add(ch);
        long cut = w.stored().size();
        segments.add(new ReplaySegment(w.planned().path(), 0, ByteSource.of(ch, Math.min(cut, ch.size())), cut,
            notes.files().get(w.planned().path()).zeroHeaders()));
      }
      ReplayResult replay = SegmentReplay.replay(segments, logs);
      d.put("sha256", replay.state().digest().hex());
      d.put("liveKeys", replay.state().size());
      d.put("records", replay.records());
      if (!replay.complete()) {
        d.put("incomplete", String.join("; ", replay.problems()));
      }
      return d;
    } finally {
      IOException first = null;
      for (FileChannel c : channels) {
        try {
          c.close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
      if (first != null) {
        throw first;
      }
    }
  }

  private static List<CapturedFile> ofKind(Map<String, CapturedFile> captured, Notes notes, FileKind kind) {
    List<CapturedFile> out = new ArrayList<>();
    for (CapturedFile c : captured.values()) {
      Planned p = notes.files().get(c.planned().path());
      if (p != null && p.kind() == kind) {
        out.add(c);
      }
    }
    out.sort(Comparator.comparingLong((CapturedFile c) -> number(c.planned().path()))
        .thenComparing(c -> c.planned().path()));
    return out;
  }

  private static List<SourceEntry> dedupe(List<SourceEntry> entries) {
    Map<String, SourceEntry> byPath = new LinkedHashMap<>();
    entries.forEach(e -> byPath.merge(e.path(), e, (a, b) -> a.captureBytes() <= b.captureBytes() ? a : b));
    return List.copyOf(byPath.values());
  }

  /** Why a captured file no longer matches what was read, or null when it does. */
  private static String changedUnderneath(CapturedFile c, Planned planned) throws IOException {
    FileKind kind = planned.kind();
    Path p = c.planned().absolute();
    LinkOption[] follow = planned.unlinked() ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
    if (c.stored().size() != c.planned().captureBytes()) {
      return "changed size while it was read";
    }
    java.util.Map<String, Object> now;
    try {
      now = Files.readAttributes(p, "unix:ino,dev,size,lastModifiedTime", follow);
    } catch (NoSuchFileException gone) {
      // A file removed after it was read completely was consistent when read: an SST compacted away, a WAL of a
      // finished lifetime. Its captured bytes stay valid.
      return null;
    } catch (UnsupportedOperationException e) {
      return null;
    }
    long inode = ((Number) now.get("ino")).longValue();
    long size = ((Number) now.get("size")).longValue();
    if (c.planned().inode() != null && inode != c.planned().inode()) {
      return "was replaced by another file (new inode)";
    }
    if (size < c.planned().captureBytes()) {
      return "shrank below the captured length";
    }
    if (kind == FileKind.SST && size != c.planned().captureBytes()) {
      return "changed size although SSTables are immutable";
    }
    return null;
  }

  /** Plans one file again from its current state; null when it is gone or no longer valid. */
  private SourceEntry replan(SourceEntry old, Planned planned) throws IOException {
    FileKind kind = planned.kind();
    Path p = old.absolute();
    if (planned.unlinked()) {
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
        return old.withCaptureBytes(WalScanner.scan(ByteSource.of(ch, ch.size()),
            WalScanOptions.of(dev.pouch.wombat.vlog.ValuePointerResolver.acceptAll())
                .withZeroHeaders(ZeroHeaderPolicy.SKIP_AS_PADDING)).settledEnd());
      } catch (NoSuchFileException gone) {
        return null;
      }
    }
    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    SourceEntry fresh;
    try {
      fresh = DirectoryScanner.entry(p.getParent(), p, old.path(), EntryType.FILE,
          Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS))
          .withGrowth(old.growth());
    } catch (NoSuchFileException gone) {
      return null;
    }
    return switch (kind) {
      case MANIFEST -> fresh.withCaptureBytes(lastNewline(p, fresh.captureBytes()));
      case VLOG -> {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
          yield fresh.withCaptureBytes(VlogScanner.scan(ByteSource.of(ch, ch.size())).end());
        }
      }
      case WAL -> {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
          yield fresh.withCaptureBytes(WalScanner.scan(ByteSource.of(ch, ch.size()),
              WalScanOptions.of(dev.pouch.wombat.vlog.ValuePointerResolver.acceptAll())).settledEnd());
        }
      }
      case SST -> {
        SstValidation v = validateSst(fresh);
        yield v != null && v.isValid() ? fresh : null;
      }
      default -> fresh;
    };
  }
}
