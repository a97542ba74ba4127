package dev.pouch.it.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The regular files under a directory by relative path: the keys of a local repository (temporaries of uploads in
 * flight, {@code .tmp-*}, left out), or the files of a restore target. Tolerates files vanishing while it walks.
 */
public final class StoredObjects {

  private StoredObjects() {}

  public static Set<String> under(Path dir) {
    Set<String> names = new TreeSet<>();
    if (!Files.isDirectory(dir)) {
      return names;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.forEach(p -> {
        if (Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".tmp-")) {
          names.add(dir.relativize(p).toString().replace('\\', '/'));
        }
      });
    } catch (UncheckedIOException e) {
      if (!(e.getCause() instanceof NoSuchFileException)) {
        throw e;
      }
      return under(dir); // something vanished mid-walk (a rename or delete in flight): look again
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  /** How many names are in one set and not the other. */
  public static int changes(Set<String> before, Set<String> after) {
    int n = 0;
    for (String s : after) {
      if (!before.contains(s)) {
        n++;
      }
    }
    for (String s : before) {
      if (!after.contains(s)) {
        n++;
      }
    }
    return n;
  }
}
