package dev.pouch.wombat.state;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.directory.DirectoryClassification;
import dev.pouch.wombat.directory.FileKind;
import dev.pouch.wombat.directory.WombatDirectory;
import dev.pouch.wombat.directory.WombatFile;
import dev.pouch.wombat.manifest.ManifestLog;
import dev.pouch.wombat.manifest.ManifestReader;
import dev.pouch.wombat.manifest.TableInfo;
import dev.pouch.wombat.sst.SstValidation;
import dev.pouch.wombat.sst.SstValidator;
import dev.pouch.wombat.vlog.ValueLogSet;
import dev.pouch.wombat.vlog.VlogScan;
import dev.pouch.wombat.vlog.VlogScanner;
import dev.pouch.wombat.wal.WalScan;
import dev.pouch.wombat.wal.WalScanOptions;
import dev.pouch.wombat.wal.WalScanner;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Checks a whole Wombat directory by parsing (§5), typically a scratch directory pouch has just restored: the
 * MANIFEST ends on {@code \n}, every SSTable validates, every WAL replays to its end with every value pointer
 * resolving, and nothing is left that Wombat's open would truncate or delete. Returns the findings and the state's
 * semantic digest. Reads only; thread-safe.
 *
 * <p>All WALs are replayed as one lifetime in numeric order (the number is the last run of digits in the name),
 * which is how a restored directory is laid out: one synthetic WAL, or the captured segments of the latest lifetime.
 */
public final class WombatRestoreCheck {
  private WombatRestoreCheck() {}

  /** Checks {@code dir} (value logs in the same directory) as a restored directory. */
  public static RestoreCheckReport check(Path dir) throws IOException {
    return check(dir, dir, RestoreCheckOptions.forRestoredDirectory());
  }

  /** Checks {@code dir} and {@code valueDir} under {@code options}. */
  public static RestoreCheckReport check(Path dir, Path valueDir, RestoreCheckOptions options) throws IOException {
    DirectoryClassification files = new WombatDirectory(options.rules()).classify(dir, valueDir);
    List<RestoreProblem> problems = new ArrayList<>();
    List<String> closure = new ArrayList<>();
    for (Path p : files.vanished()) {
      problems.add(new RestoreProblem(Severity.WARNING, p, "vanished while the check ran"));
    }
    for (WombatFile f : files.files()) {
      boolean brokenSignature = f.nameSuggested().filter(k -> k == FileKind.SST || k == FileKind.MANIFEST)
          .filter(k -> k != f.kind()).isPresent();
      if (brokenSignature) {
        problems.add(new RestoreProblem(Severity.ERROR, f.path(), "named like a " + f.nameSuggested().get()
            + " but its content is not one (unfinished or corrupt): " + f.note()));
      } else if (f.nameContentMismatch()) {
        problems.add(new RestoreProblem(Severity.WARNING, f.path(), f.note()));
      }
      if (f.kind() == FileKind.TEMP) {
        problems.add(new RestoreProblem(Severity.WARNING, f.path(), "temporary file; Wombat deletes it at open"));
      }
    }
    Map<Path, SstValidation> ssts = new HashMap<>();
    for (WombatFile f : files.ofKind(FileKind.SST)) {
      SstValidation v = withSource(f.path(), SstValidator::validate);
      ssts.put(f.path().toAbsolutePath().normalize(), v);
      v.problem().ifPresent(p -> problems.add(new RestoreProblem(Severity.ERROR, f.path(),
          "SSTable fails " + p.check() + ": " + p.detail())));
    }
    for (WombatFile f : files.ofKind(FileKind.MANIFEST)) {
      checkManifest(f.path(), dir, ssts, problems, closure);
    }
    Map<Long, Path> vlogPaths = new HashMap<>();
    for (WombatFile f : files.ofKind(FileKind.VLOG)) {
      OptionalLong id = ValueLogSet.fileIdFromName(f.fileName());
      if (id.isEmpty()) {
        problems.add(new RestoreProblem(Severity.ERROR, f.path(), "value log without a file id in its name"));
      } else if (vlogPaths.putIfAbsent(id.getAsLong(), f.path()) != null) {
        problems.add(new RestoreProblem(Severity.ERROR, f.path(), "second value log with file id " + id.getAsLong()));
      } else {
        VlogScan scan = withSource(f.path(), VlogScanner::scan);
        if (!scan.tailIsZero()) {
          problems.add(new RestoreProblem(Severity.WARNING, f.path(), "non-zero bytes after the logical end "
              + scan.end() + " (" + scan.stopReason() + ")"));
        }
        if (f.fileName().startsWith("vlog_") && f.fileName().endsWith(".vlog")) {
          problems.add(new RestoreProblem(Severity.WARNING, f.path(),
              "matches Wombat's vlog_*.vlog sweep pattern; Wombat deletes it at open"));
        }
      }
    }
    List<WombatFile> wals = new ArrayList<>(files.ofKind(FileKind.WAL));
    wals.sort(Comparator.comparingLong((WombatFile f) -> ValueLogSet.fileIdFromName(f.fileName()).orElse(-1))
        .thenComparing(WombatFile::fileName));
    WalReplay replay = new WalReplay();
    try (ValueLogSet vlogs = ValueLogSet.open(vlogPaths)) {
      for (WombatFile f : wals) {
        checkWal(f, vlogs, options, replay, problems);
      }
      KvState state = replay.state(vlogs);
      return new RestoreCheckReport(problems, closure, state, ssts.size(), wals.size(), vlogPaths.size(),
          replay.appliedRecords());
    }
  }

  private static void checkManifest(Path manifest, Path dir, Map<Path, SstValidation> ssts,
      List<RestoreProblem> problems, List<String> closure) throws IOException {
    ManifestLog log = withSource(manifest, ManifestReader::read);
    if (!log.endsWithNewline()) {
      problems.add(new RestoreProblem(Severity.ERROR, manifest, "does not end on a newline: "
          + (log.totalLength() - log.completeLength()) + " bytes of a torn last line"));
    }
    for (ManifestLog.UnparseableLine u : log.unparseable()) {
      problems.add(new RestoreProblem(Severity.WARNING, manifest, "line " + u.lineNumber() + " does not parse: "
          + u.reason()));
    }
    for (TableInfo t : log.replay().tables()) {
      Path table = dir.resolve(t.pathString()).toAbsolutePath().normalize();
      SstValidation v = ssts.get(table);
      if (v == null) {
        closure.add("table " + Long.toUnsignedString(t.id()) + " at level " + t.level() + " names missing "
            + t.pathString());
      } else if (!v.isValid()) {
        closure.add("table " + Long.toUnsignedString(t.id()) + " names invalid " + t.pathString());
      }
    }
  }

  private static void checkWal(WombatFile f, ValueLogSet vlogs, RestoreCheckOptions options, WalReplay replay,
      List<RestoreProblem> problems) throws IOException {
    if (options.forbidWalNumberOne() && ValueLogSet.fileIdFromName(f.fileName()).orElse(-1) == 1) {
      problems.add(new RestoreProblem(Severity.ERROR, f.path(),
          "WAL number 1: Wombat truncates wal_1 at open; renumber it to an unused id of 2 or more"));
    }
    long[] keyBytes = new long[1];
    WalScan scan = withSource(f.path(), source -> WalScanner.scan(source, 0, WalScanOptions.of(vlogs),
        (offset, record) -> {
          replay.apply(0, record);
          keyBytes[0] += record.key().length();
        }));
    if (!scan.stopReason().isCleanEnd()) {
      problems.add(new RestoreProblem(Severity.ERROR, f.path(), "record at " + scan.end() + " rejected: "
          + scan.stopReason() + scan.stopPointerCheck().map(c -> " (" + c + ")").orElse("")));
    } else if (scan.hasDataBeyondEnd()) {
      problems.add(new RestoreProblem(Severity.ERROR, f.path(), "non-zero bytes at " + scan.firstNonZeroAfterEnd()
          + " after the validated end " + scan.end() + ": a hole or corruption"));
    } else if (options.requireTruncatedWals() && scan.end() != scan.fileLength()) {
      problems.add(new RestoreProblem(Severity.ERROR, f.path(), "zero tail after the validated end " + scan.end()
          + " of " + scan.fileLength() + " bytes; Wombat would replay it as empty records"));
    }
    if (scan.emptyKeyRecords() > 0) {
      problems.add(new RestoreProblem(Severity.WARNING, f.path(), scan.emptyKeyRecords()
          + " records with an empty key; a flush of their memtable fails in Wombat"));
    }
    if (options.memTableSize().isPresent() && scan.recordCount() > 0) {
      long avgKey = keyBytes[0] / scan.recordCount();
      long capacity = 2 * options.memTableSize().getAsLong() / (240 + avgKey);
      if (scan.recordCount() > capacity) {
        problems.add(new RestoreProblem(Severity.WARNING, f.path(), scan.recordCount()
            + " records exceed the about " + capacity + " that Wombat's replay arena holds; split the WAL"));
      }
    }
  }

  @FunctionalInterface
  private interface SourceUse<T> {
    T apply(ByteSource source) throws IOException;
  }

  // Positional reads of the file as it is now; large value logs are never loaded whole.
  private static <T> T withSource(Path file, SourceUse<T> use) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return use.apply(ByteSource.of(channel, channel.size()));
    }
  }
}
