package dev.pouch.agent.drill;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.index.ChunkIndex;
import dev.pouch.agent.index.ChunkLocation;
import dev.pouch.agent.snapshot.EntryType;
import dev.pouch.agent.snapshot.FileEntry;
import dev.pouch.agent.snapshot.Snapshot;
import dev.pouch.crypto.ContentIdKey;
import dev.pouch.wombat.directory.ClassificationRules;
import dev.pouch.wombat.directory.FileKind;
import dev.pouch.wombat.directory.WombatDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Re-reads a restored tree and compares it with the snapshot: every entry exists with its type, every symlink has
 * its target, every file has its size, and each stretch of a file has the content id of the chunk the snapshot lists
 * there (keyed hash of the bytes, so a single wrong byte is found). Nothing extra exists. Chunk lengths come from
 * the index, so the comparison holds however the backup cut the file into chunks.
 *
 * <p>One exception: the WAL segments of a Wombat snapshot. Restore renumbers them and strips the zero padding of
 * Wombat's recovery so that Wombat can open the directory (restore.WombatLayout), so their names and bytes differ
 * from the snapshot by design. Here they are only counted; their content is checked by meaning (WAL replay and the
 * semantic digest recorded at backup) by the restore's own Wombat check.
 */
public final class RestoredFilesCheck implements RestoredDataCheck {

  private static final ClassificationRules RULES = ClassificationRules.defaults();

  /** Problems reported in full; past this many only the count grows. */
  static final int MAX_LISTED = 20;

  private final ChunkIndex index;
  private final ContentIdKey idKey;

  public RestoredFilesCheck(ChunkIndex index, ContentIdKey idKey) {
    this.index = index;
    this.idKey = idKey;
  }

  @Override
  public String name() {
    return "files";
  }

  @Override
  public CheckOutcome check(Snapshot snapshot, Path restored) throws IOException {
    List<String> problems = new ArrayList<>();
    int[] more = {0};
    Set<String> expected = new HashSet<>();
    Set<String> walsInSnapshot = new HashSet<>();
    Set<String> walsRestored = new HashSet<>();
    if (snapshot.wombat() != null) {
      walsInSnapshot = wals(snapshot);
      walsRestored = wals(restored);
      if (walsInSnapshot.size() != walsRestored.size()) {
        add(problems, more, walsInSnapshot.size() + " WAL segment(s) in the snapshot, " + walsRestored.size()
            + " restored");
      }
    }
    long bytes = 0;
    int files = 0;
    for (FileEntry e : snapshot.files()) {
      expected.add(e.path());
      if (walsInSnapshot.contains(e.path())) {
        continue;
      }
      Path p = restored.resolve(e.path());
      Optional<String> problem = switch (e.type()) {
        case DIRECTORY -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? Optional.empty()
            : Optional.of(e.path() + ": directory missing");
        case SYMLINK -> !Files.isSymbolicLink(p) ? Optional.of(e.path() + ": symlink missing")
            : Files.readSymbolicLink(p).toString().equals(e.linkTarget()) ? Optional.empty()
            : Optional.of(e.path() + ": symlink points to " + Files.readSymbolicLink(p) + ", not " + e.linkTarget());
        case FILE -> checkFile(e, p);
      };
      if (e.type() == EntryType.FILE) {
        files++;
        bytes += e.size();
      }
      problem.ifPresent(m -> add(problems, more, m));
    }
    try (Stream<Path> walk = Files.walk(restored)) {
      for (Path p : walk.filter(x -> !x.equals(restored)).toList()) {
        String rel = restored.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
        if (!expected.contains(rel) && !walsRestored.contains(rel)) {
          add(problems, more, rel + ": not in the snapshot");
        }
      }
    }
    if (more[0] > 0) {
      problems.add("... and " + more[0] + " more");
    }
    List<String> notes = new ArrayList<>(List.of(files + " files, " + bytes + " bytes re-read and matched"));
    if (!walsInSnapshot.isEmpty()) {
      notes.add(walsInSnapshot.size() + " WAL segment(s) checked by meaning instead (restore renumbers them and "
          + "strips recovery padding so Wombat can open them)");
    }
    return problems.isEmpty() ? CheckOutcome.passed(name(), notes) : CheckOutcome.failed(name(), problems);
  }

  /** The WAL segments among a Wombat snapshot's top-level files, by the default name patterns. */
  private static Set<String> wals(Snapshot snapshot) {
    Set<String> wals = new HashSet<>();
    for (FileEntry e : snapshot.files()) {
      if (e.type() == EntryType.FILE && !e.path().contains("/") && RULES.suggest(e.path()).orElse(null)
          == FileKind.WAL) {
        wals.add(e.path());
      }
    }
    return wals;
  }

  /** The WAL segments of a restored Wombat directory: by name, as above, or by content, as restore found them. */
  private static Set<String> wals(Path restored) throws IOException {
    Set<String> wals = new HashSet<>();
    new WombatDirectory(RULES).classify(restored).ofKind(FileKind.WAL).forEach(w -> wals.add(w.fileName()));
    try (Stream<Path> top = Files.list(restored)) {
      top.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .map(p -> p.getFileName().toString())
          .filter(n -> RULES.suggest(n).orElse(null) == FileKind.WAL).forEach(wals::add);
    }
    return wals;
  }

  private static void add(List<String> problems, int[] more, String problem) {
    if (problems.size() < MAX_LISTED) {
      problems.add(problem);
    } else {
      more[0]++;
    }
  }

  private Optional<String> checkFile(FileEntry e, Path p) throws IOException {
    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(e.path() + ": file missing");
    }
    long size = Files.size(p);
    if (size != e.size()) {
      return Optional.of(e.path() + ": " + size + " bytes, the snapshot says " + e.size());
    }
    long offset = 0;
    try (InputStream in = Files.newInputStream(p)) {
      for (String hex : e.chunks()) {
        ChunkId id = ChunkId.parse(hex);
        Optional<ChunkLocation> at = index.find(id);
        if (at.isEmpty()) {
          return Optional.of(e.path() + ": chunk " + hex.substring(0, 12) + " is in no index");
        }
        int length = at.get().entry().rawLength();
        byte[] data = in.readNBytes(length);
        if (data.length != length || !ChunkId.of(idKey.id(data)).equals(id)) {
          return Optional.of(e.path() + ": bytes " + offset + ".." + (offset + length) + " differ from the backup");
        }
        offset += length;
      }
    }
    return Optional.empty();
  }
}
