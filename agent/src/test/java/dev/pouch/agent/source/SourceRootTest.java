package dev.pouch.agent.source;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A source that is not a directory says what it is instead (the CLI words NoSuchFileException as "no such file"). */
class SourceRootTest {

  @TempDir Path tmp;

  @Test
  void aMissingSourceIsNoSuchFile() {
    assertThatThrownBy(() -> new DirectoryScanner().scan(tmp.resolve("missing"), ExcludeRules.none()))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void aFileIsNotASource() throws Exception {
    Path file = Files.writeString(tmp.resolve("table.sst"), "x");
    assertThatThrownBy(() -> new DirectoryScanner().scan(file, ExcludeRules.none()))
        .isInstanceOf(NotDirectoryException.class).hasMessageContaining("must be a directory");
  }

  @Test
  void aLinkToADirectoryNamesTheDirectory() throws Exception {
    Path real = Files.createDirectories(tmp.resolve("wombat"));
    Path link = Files.createSymbolicLink(tmp.resolve("current"), real);
    assertThatThrownBy(() -> new DirectoryScanner().scan(link, ExcludeRules.none()))
        .isInstanceOf(NotDirectoryException.class).hasMessageContaining("symbolic link")
        .hasMessageContaining(real.toRealPath().toString());
  }
}
