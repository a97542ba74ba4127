package dev.pouch.wombat.directory;

import dev.pouch.wombat.bytes.ByteSource;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Classifies every file of a Wombat data directory and value directory into a {@link FileKind}: the name suggests,
 * the content decides (§1). Opens files read-only and never modifies anything. Thread-safe.
 *
 * <p>Decision order for one file: a CONFIG or TEMP name is kept (no content test exists for them); otherwise strong
 * content evidence wins (mismatch reported when the name suggested something else); otherwise a WAL or VLOG name
 * confirmed by weak evidence is kept; a WAL or VLOG name with only weak evidence for the other of the two takes that
 * other kind (reported); an SST or MANIFEST name without its signature, or a name contradicted by all evidence,
 * gives OTHER (reported). An empty file keeps its name's kind, since nothing contradicts it. A file without a
 * suggesting name stays OTHER unless strong evidence identifies it.
 */
public final class WombatDirectory {
  private final ClassificationRules rules;

  /** A classifier using {@code rules}. */
  public WombatDirectory(ClassificationRules rules) {
    this.rules = rules;
  }

  /** A classifier using {@link ClassificationRules#defaults()}. */
  public static WombatDirectory withDefaultRules() {
    return new WombatDirectory(ClassificationRules.defaults());
  }

  /** Classifies the files of {@code dir}. */
  public DirectoryClassification classify(Path dir) throws IOException {
    return classify(dir, dir);
  }

  /** Classifies the files of {@code dir} and of {@code valueDir} (once, if they are the same directory). */
  public DirectoryClassification classify(Path dir, Path valueDir) throws IOException {
    List<WombatFile> files = new ArrayList<>();
    List<Path> vanished = new ArrayList<>();
    List<Path> skipped = new ArrayList<>();
    scan(dir, files, vanished, skipped);
    if (!Files.isSameFile(dir, valueDir)) {
      scan(valueDir, files, vanished, skipped);
    }
    files.sort(Comparator.comparing(WombatFile::path));
    return new DirectoryClassification(files, vanished, skipped);
  }

  private void scan(Path dir, List<WombatFile> files, List<Path> vanished, List<Path> skipped) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            skipped.add(p);
          } else {
            vanished.add(p);
          }
          continue;
        }
        try {
          files.add(classifyFile(p));
        } catch (NoSuchFileException e) {
          vanished.add(p);
        }
      }
    }
  }

  /**
   * Classifies one file.
   *
   * @throws NoSuchFileException if it vanished
   */
  public WombatFile classifyFile(Path file) throws IOException {
    String name = file.getFileName().toString();
    Optional<FileKind> suggested = rules.suggest(name);
    if (suggested.isPresent() && suggested.get() == FileKind.TEMP) {
      // A temporary is one by its name whatever it holds (see decide), and Wombat can leave thousands: opening and
      // probing each was a fifth of a no-change backup's planning.
      return decide(file, suggested, Files.size(file), identity(file), List.of());
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      Optional<FileIdentity> identity = identity(file);
      List<ContentMatch> matches = ContentProbe.probe(ByteSource.of(channel, size));
      return decide(file, suggested, size, identity, matches);
    }
  }

  static Optional<FileIdentity> identity(Path file) {
    try {
      Map<String, Object> attributes = Files.readAttributes(file, "unix:dev,ino"); // one stat, not two
      return Optional.of(new FileIdentity(((Number) attributes.get("dev")).longValue(),
          ((Number) attributes.get("ino")).longValue()));
    } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
      return Optional.empty();
    }
  }

  private static WombatFile decide(Path file, Optional<FileKind> suggested, long size,
      Optional<FileIdentity> identity, List<ContentMatch> matches) {
    FileKind name = suggested.orElse(null);
    Optional<FileKind> strong = matches.stream().filter(m -> m.evidence() == Evidence.STRONG)
        .map(ContentMatch::kind).findFirst();
    Set<FileKind> any = matches.stream().map(ContentMatch::kind).collect(java.util.stream.Collectors.toSet());
    if (name == FileKind.CONFIG || name == FileKind.TEMP) {
      return new WombatFile(file, name, suggested, size, identity, matches, false, "recognised by name");
    }
    if (strong.isPresent()) {
      boolean mismatch = name != null && name != strong.get();
      String note = mismatch ? "content is " + strong.get() + ", name suggests " + name : "confirmed by content";
      return new WombatFile(file, strong.get(), suggested, size, identity, matches, mismatch, note);
    }
    if (name == null) {
      return new WombatFile(file, FileKind.OTHER, suggested, size, identity, matches, false,
          "no name pattern matches and no content signature");
    }
    if (size == 0) {
      return new WombatFile(file, name, suggested, size, identity, matches, false, "empty; kept by name");
    }
    if ((name == FileKind.WAL || name == FileKind.VLOG) && any.contains(name)) {
      return new WombatFile(file, name, suggested, size, identity, matches, false,
          "name confirmed by plausible content");
    }
    if (name == FileKind.WAL && any.contains(FileKind.VLOG)) {
      return new WombatFile(file, FileKind.VLOG, suggested, size, identity, matches, true,
          "content is a plausible value log, name suggests WAL");
    }
    if (name == FileKind.VLOG && any.contains(FileKind.WAL)) {
      return new WombatFile(file, FileKind.WAL, suggested, size, identity, matches, true,
          "content is a plausible WAL, name suggests value log");
    }
    return new WombatFile(file, FileKind.OTHER, suggested, size, identity, matches, true,
        "name suggests " + name + " but content does not confirm it"
            + (name == FileKind.SST ? " (an SST still being written has no footer yet)" : ""));
  }
}
