package dev.pouch.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryFilesTest {

  @TempDir Path repo;

  @Test
  void countsNewAndModifiedFilesAndSumsSizes() throws IOException {
    Files.createDirectories(repo.resolve("data/ab"));
    Files.write(repo.resolve("config"), new byte[10]);
    Files.write(repo.resolve("data/ab/pack1"), new byte[100]);
    RepositoryFiles before = RepositoryFiles.of(repo);

    Files.write(repo.resolve("data/ab/pack2"), new byte[50]);
    Files.write(repo.resolve("config"), new byte[12]);
    Files.setLastModifiedTime(repo.resolve("config"), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
    RepositoryFiles after = RepositoryFiles.of(repo);

    assertThat(before.bytes()).isEqualTo(110);
    assertThat(after.bytes()).isEqualTo(162);
    assertThat(after.writtenSince(before)).isEqualTo(2);
    assertThat(after.writtenSince(after)).isZero();
  }

  @Test
  void aMissingDirectoryIsEmpty() throws IOException {
    assertThat(RepositoryFiles.of(repo.resolve("absent")).bytes()).isZero();
  }
}
