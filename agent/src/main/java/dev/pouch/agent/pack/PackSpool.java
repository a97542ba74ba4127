package dev.pouch.agent.pack;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The local directory packs are written to while they fill, so that no pack is held in memory whole: one pack
 * filling and two uploading were most of a backup's live heap, and a repository with larger packs could not be
 * written within the launcher's heap at all. restic spools its packs the same way.
 *
 * <p>A spool file's name is removed as soon as it is opened (on Linux and macOS; elsewhere when it is closed), so its
 * bytes live only as long as the open channel and a crashed backup leaves nothing behind. The files hold sealed
 * chunks only, never plaintext. A file channel closes when a thread using it is interrupted, which ends that pack's
 * upload: pouch interrupts its workers only to stop them.
 */
public record PackSpool(Path directory) {

  public PackSpool {
    Objects.requireNonNull(directory, "directory");
  }

  /** The JVM's temporary directory, {@code java.io.tmpdir} (which {@code bin/pouch} sets from {@code TMPDIR}). */
  public static PackSpool temporary() {
    return new PackSpool(Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** A new, empty spool file open for writing and reading; closing the channel discards it. */
  FileChannel open() throws IOException {
    Path file = directory.resolve("pouch-pack-"
        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ".tmp"); // uniqueness, not secrecy
    try {
      return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
          StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
    } catch (IOException e) {
      String reason = e instanceof NoSuchFileException ? "the directory does not exist"
          : e.getMessage() != null ? e.getMessage() : e.toString();
      throw new IOException("cannot write packs to the spool directory " + directory + ": " + reason
          + " (set TMPDIR to a writable directory with room for a few packs)", e);
    }
  }
}
