package dev.pouch.agent.capture;

import dev.pouch.wombat.directory.ClassificationRules;
import dev.pouch.wombat.directory.FileKind;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds WAL segments that Wombat unlinked but still writes: its recovery unlinks {@code wal_1.log} at open and keeps
 * appending to it through the open descriptor (wombat-format.md §4.3), so the segment is reachable only as
 * {@code /proc/<pid>/fd/<n> -> <dir>/wal_1.log (deleted)}. That needs the same user as Wombat, or a shared PID
 * namespace (Kubernetes: {@code shareProcessNamespace: true}); without it the segment cannot be captured.
 */
public final class UnlinkedWals {

  private static final String DELETED = " (deleted)";

  private final Path proc;

  public UnlinkedWals(Path proc) {
    this.proc = proc;
  }

  public static UnlinkedWals system() {
    return new UnlinkedWals(Path.of("/proc"));
  }

  /** An unlinked segment: its former name, a path that reads it, and its inode. */
  public record Found(String name, Path readPath, long inode) {}

  /** Unlinked files whose former name in {@code dir} classifies as a WAL, one per inode. */
  public List<Found> find(Path dir, ClassificationRules rules) {
    List<Found> found = new ArrayList<>();
    if (!Files.isDirectory(proc)) {
      return found;
    }
    String prefix = dir.toAbsolutePath().normalize() + "/";
    Set<Long> seen = new HashSet<>();
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString()
        .chars().allMatch(Character::isDigit))) {
      for (Path pid : pids) {
        scanProcess(pid, prefix, rules, seen, found);
      }
    } catch (IOException e) {
      // /proc unreadable: nothing reachable; the caller reports the possible gap.
    }
    return found;
  }

  private static void scanProcess(Path pid, String prefix, ClassificationRules rules, Set<Long> seen,
      List<Found> found) {
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(pid.resolve("fd"))) {
      for (Path fd : fds) {
        formerName(fd, prefix).filter(name -> rules.suggest(name).orElse(FileKind.OTHER) == FileKind.WAL)
            .ifPresent(name -> {
              try {
                long inode = ((Number) Files.getAttribute(fd, "unix:ino")).longValue();
                if (seen.add(inode)) {
                  found.add(new Found(name, fd, inode));
                }
              } catch (IOException | UnsupportedOperationException e) {
                // descriptor closed meanwhile
              }
            });
      }
    } catch (IOException | SecurityException e) {
      // another user's process, or it exited
    }
  }

  private static Optional<String> formerName(Path fd, String prefix) {
    try {
      String target = Files.readSymbolicLink(fd).toString();
      if (!target.endsWith(DELETED) || !target.startsWith(prefix)) {
        return Optional.empty();
      }
      String name = target.substring(prefix.length(), target.length() - DELETED.length());
      return name.contains("/") ? Optional.empty() : Optional.of(name);
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }
}
