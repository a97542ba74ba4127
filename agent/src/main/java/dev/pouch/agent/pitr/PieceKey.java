package dev.pouch.agent.pitr;

import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.storage.BlobKey;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The name of a shipped piece, which is also the time index: {@code wal/<file>/<from>-<to>-<time>}, with the byte
 * range and the capture time (Unix milliseconds) in fixed-width hex so that a listing alone tells which pieces a
 * point in time needs, without reading any of them. {@code <file>} is {@code <kind>.<name>.<inode>.<generation>}:
 * a segment is identified by name and inode, and a generation counts in-place rewrites of the same inode.
 */
public record PieceKey(FileId file, long from, long to, Instant capturedAt) {

  /** A shipped file: a WAL segment or a value log, by name, inode and generation. */
  public record FileId(String kind, String name, long inode, int generation) {
    public FileId {
      if (!kind.equals("wal") && !kind.equals("vlog")) {
        throw new IllegalArgumentException("piece kind must be wal or vlog: " + kind);
      }
      if (!name.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*") || name.length() > 200) {
        throw new IllegalArgumentException("file name cannot be shipped as a piece: " + name);
      }
    }

    String segment() {
      return kind + "." + name + "." + Long.toUnsignedString(inode) + "." + generation;
    }

    static Optional<FileId> parse(String segment) {
      String[] p = segment.split("\\.");
      if (p.length < 4) {
        return Optional.empty();
      }
      try {
        String name = String.join(".", java.util.Arrays.copyOfRange(p, 1, p.length - 2));
        return Optional.of(new FileId(p[0], name, Long.parseUnsignedLong(p[p.length - 2]),
            Integer.parseInt(p[p.length - 1])));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
  }

  public BlobKey key() {
    return BlobKey.of(RepositoryLayout.WAL + file.segment() + "/" + String.format(Locale.ROOT, "%016x-%016x-%012x",
        from, to, capturedAt.toEpochMilli()));
  }

  /** The key's name, the object id in the piece's AEAD context. */
  public String id() {
    return key().value().substring(RepositoryLayout.WAL.length());
  }

  /** Parses a listed key; empty for anything that is not a piece. */
  public static Optional<PieceKey> parse(BlobKey key) {
    String v = key.value();
    if (!v.startsWith(RepositoryLayout.WAL)) {
      return Optional.empty();
    }
    String[] parts = v.substring(RepositoryLayout.WAL.length()).split("/");
    if (parts.length != 2) {
      return Optional.empty();
    }
    String[] range = parts[1].split("-");
    Optional<FileId> file = FileId.parse(parts[0]);
    if (range.length != 3 || file.isEmpty()) {
      return Optional.empty();
    }
    try {
      long from = Long.parseUnsignedLong(range[0], 16);
      long to = Long.parseUnsignedLong(range[1], 16);
      long millis = Long.parseLong(range[2], 16);
      if (to <= from) {
        return Optional.empty();
      }
      return Optional.of(new PieceKey(file.get(), from, to, Instant.ofEpochMilli(millis)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
