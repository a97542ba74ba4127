package dev.pouch.wombat.directory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A classified file.
 *
 * @param path the file
 * @param kind the decision: content wins over the name where content is decisive
 * @param nameSuggested the kind the name's glob patterns suggest, if any
 * @param size size in bytes when classified
 * @param identity device and inode, where the filesystem reports them
 * @param contentMatches every kind the content is consistent with
 * @param nameContentMismatch whether the name suggested a kind the content contradicts
 * @param note why the decision was made, for reports (never file content)
 */
public record WombatFile(
    Path path,
    FileKind kind,
    Optional<FileKind> nameSuggested,
    long size,
    Optional<FileIdentity> identity,
    List<ContentMatch> contentMatches,
    boolean nameContentMismatch,
    String note) {

  /** Copies the list. */
  public WombatFile {
    contentMatches = List.copyOf(contentMatches);
  }

  /** The file name. */
  public String fileName() {
    return path.getFileName().toString();
  }
}
