package dev.pouch.agent;

import dev.pouch.agent.backup.BackupRequest;
import dev.pouch.agent.backup.BackupService;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.repository.Repository;
import dev.pouch.crypto.Argon2idParams;
import dev.pouch.storage.StorageBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;

/** Repositories for tests: real crypto with tiny Argon2id parameters. */
public final class TestRepositories {

  public static final char[] PASSWORD = "correct horse".toCharArray();

  private TestRepositories() {}

  public static Repository.InitOptions fastInit() {
    return new Repository.InitOptions(Argon2idParams.forTests(), "zstd", 3, 1024 * 1024, "test");
  }

  public static Repository init(StorageBackend backend) throws IOException {
    return init(backend, Clock.systemUTC());
  }

  /** A repository whose lock and snapshot times come from {@code clock}. */
  public static Repository init(StorageBackend backend, Clock clock) throws IOException {
    return Repository.init(backend, PASSWORD, fastInit(), clock, new SecureRandom());
  }

  public static Repository open(StorageBackend backend) throws IOException {
    return Repository.open(backend, PASSWORD, Clock.systemUTC(), new SecureRandom());
  }

  public static BackupService.BackupResult backup(Repository repo, Path source) throws IOException {
    return new BackupService(repo, new LockService(repo, "test-host", ProcessHandle.current().pid()))
        .run(BackupRequest.of(source, "test-host"), Progress.NONE);
  }
}
