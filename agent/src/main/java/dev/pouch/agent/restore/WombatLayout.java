package dev.pouch.agent.restore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.directory.ClassificationRules;
import dev.pouch.wombat.directory.FileKind;
import dev.pouch.wombat.directory.WombatDirectory;
import dev.pouch.wombat.directory.WombatFile;
import dev.pouch.wombat.vlog.ValueLogSet;
import dev.pouch.wombat.vlog.ValuePointerResolver;
import dev.pouch.wombat.wal.WalRecordCodec;
import dev.pouch.wombat.wal.WalScan;
import dev.pouch.wombat.wal.WalScanOptions;
import dev.pouch.wombat.wal.WalScanner;
import dev.pouch.wombat.wal.ZeroHeaderPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Prepares restored WAL segments so Wombat can open the directory without losing them (wombat-format.md §6): a
 * segment numbered 1 would be truncated at open, so every segment is renumbered up by one (keeping their order), and
 * the zero padding records Wombat's recovery leaves in {@code wal_1} are removed, because Wombat would replay each as
 * an empty-key write.
 */
public final class WombatLayout {

  private WombatLayout() {}

  /** What was changed, for the user; every WAL segment is scanned for padding. */
  public static List<String> prepare(Path dir) throws IOException {
    return prepare(dir, null);
  }

  /**
   * As {@link #prepare(Path)}, but with the snapshot's capture proof only the segments it marks as read from an unlinked
   * file are scanned for padding: only Wombat's recovery writes padding, into the segment it keeps open unlinked, so
   * the other segments (most of the WAL bytes) need no second pass.
   */
  public static List<String> prepare(Path dir, JsonNode proof) throws IOException {
    java.util.Set<String> padded = null;
    if (proof != null && proof.path("files").isArray()) {
      padded = new java.util.HashSet<>();
      for (JsonNode f : proof.path("files")) {
        if (f.path("unlinked").asBoolean(false)) {
          padded.add(f.path("path").asText());
        }
      }
    }
    List<String> notes = new ArrayList<>();
    List<WombatFile> wals = new ArrayList<>(new WombatDirectory(ClassificationRules.defaults()).classify(dir)
        .ofKind(FileKind.WAL));
    for (WombatFile w : wals) {
      if (padded != null && !padded.contains(dir.relativize(w.path()).toString())) {
        continue;
      }
      long removed = stripPadding(w.path());
      if (removed > 0) {
        notes.add(w.fileName() + ": removed " + removed + " zero padding record(s) left by Wombat's recovery");
      }
    }
    boolean hasOne = wals.stream().anyMatch(w -> ValueLogSet.fileIdFromName(w.fileName()).orElse(-1) == 1);
    if (hasOne) {
      wals.sort(Comparator.comparingLong((WombatFile w) -> ValueLogSet.fileIdFromName(w.fileName()).orElse(-1))
          .reversed());
      List<String> moves = new ArrayList<>();
      for (WombatFile w : wals) {
        long n = ValueLogSet.fileIdFromName(w.fileName()).orElse(-1);
        if (n < 0) {
          continue;
        }
        String renamed = renumber(w.fileName(), n + 1);
        Files.move(w.path(), w.path().resolveSibling(renamed), StandardCopyOption.ATOMIC_MOVE);
        moves.add(w.fileName() + " as " + renamed);
      }
      // One line however many segments: the lowest and highest say what happened to all of them.
      notes.add(moves.size() == 1 ? moves.get(0).replace(" as ", " restored as ")
          + " (Wombat truncates segment 1 at open)"
          : moves.size() + " WAL segments renumbered up by one, " + moves.get(moves.size() - 1) + " ... "
          + moves.get(0) + " (Wombat truncates segment 1 at open)");
    }
    return notes;
  }

  /** The name with its last run of digits replaced by {@code n}. */
  static String renumber(String name, long n) {
    int end = name.length();
    while (end > 0 && !Character.isDigit(name.charAt(end - 1))) {
      end--;
    }
    int start = end;
    while (start > 0 && Character.isDigit(name.charAt(start - 1))) {
      start--;
    }
    return name.substring(0, start) + n + name.substring(end);
  }

  /** Rewrites a segment without its all-zero records; returns how many were removed. */
  private static long stripPadding(Path wal) throws IOException {
    WalScan scan;
    try (FileChannel ch = FileChannel.open(wal, StandardOpenOption.READ)) {
      scan = WalScanner.scan(ByteSource.of(ch, ch.size()), WalScanOptions.of(ValuePointerResolver.acceptAll())
          .withZeroHeaders(ZeroHeaderPolicy.SKIP_AS_PADDING).withTailCheck(false));
    }
    if (scan.paddingRecords() == 0) {
      return 0;
    }
    Path tmp = wal.resolveSibling(".pouch-rewrite-" + wal.getFileName());
    try (FileChannel ch = FileChannel.open(wal, StandardOpenOption.READ);
        OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW)) {
      WalScanner.scan(ByteSource.of(ch, ch.size()), 0, WalScanOptions.of(ValuePointerResolver.acceptAll())
          .withZeroHeaders(ZeroHeaderPolicy.SKIP_AS_PADDING).withTailCheck(false),
          (offset, record) -> out.write(WalRecordCodec.encode(record)));
    }
    Files.move(tmp, wal, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return scan.paddingRecords();
  }
}
