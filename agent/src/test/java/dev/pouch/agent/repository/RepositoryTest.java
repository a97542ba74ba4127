package dev.pouch.agent.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.agent.TestRepositories;
import dev.pouch.crypto.Argon2idParams;
import dev.pouch.crypto.WrongPasswordException;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class RepositoryTest {

  private final MemoryStorageBackend backend = MemoryStorageBackend.create();

  @Test
  void initThenOpenGivesTheSameConfig() throws Exception {
    Repository created = TestRepositories.init(backend);
    Repository opened = TestRepositories.open(backend);
    assertThat(opened.config()).isEqualTo(created.config());
    assertThat(opened.keyring().currentEpoch()).isEqualTo(1);
  }

  @Test
  void initRefusesAnExistingRepository() throws Exception {
    TestRepositories.init(backend);
    assertThatThrownBy(() -> TestRepositories.init(backend)).isInstanceOf(RepositoryExistsException.class);
  }

  @Test
  void wrongPasswordAndEmptyLocationAreDistinct() throws Exception {
    assertThatThrownBy(() -> TestRepositories.open(backend)).isInstanceOf(RepositoryNotFoundException.class);
    TestRepositories.init(backend);
    assertThatThrownBy(() -> Repository.open(backend, "wrong".toCharArray(), Clock.systemUTC(), new SecureRandom()))
        .isInstanceOf(WrongPasswordException.class);
  }

  @Test
  void rotationKeepsOldObjectsReadable() throws Exception {
    Repository repo = TestRepositories.init(backend);
    byte[] old = repo.objects().seal(ObjectKind.SNAPSHOT, "a", "old".getBytes());
    Repository rotated = repo.rotateDataKey();
    byte[] fresh = rotated.objects().seal(ObjectKind.SNAPSHOT, "b", "new".getBytes());
    Repository reopened = TestRepositories.open(backend);
    assertThat(reopened.keyring().currentEpoch()).isEqualTo(2);
    assertThat(reopened.objects().open(ObjectKind.SNAPSHOT, "a", old)).isEqualTo("old".getBytes());
    assertThat(reopened.objects().open(ObjectKind.SNAPSHOT, "b", fresh)).isEqualTo("new".getBytes());
  }

  @Test
  void changedPasswordOpensAndOldOneNoLonger() throws Exception {
    Repository repo = TestRepositories.init(backend);
    new KeyService(repo).changePassword("new one".toCharArray(), Argon2idParams.forTests());
    assertThat(Repository.open(backend, "new one".toCharArray(), Clock.systemUTC(), new SecureRandom()).config())
        .isEqualTo(repo.config());
    assertThatThrownBy(() -> TestRepositories.open(backend)).isInstanceOf(WrongPasswordException.class);
  }

  @Test
  void noStoredObjectContainsPlaintextOrThePassword() throws Exception {
    Repository repo = TestRepositories.init(backend);
    byte[] secret = "TOP-SECRET-CONTENT-1234567890".getBytes(StandardCharsets.UTF_8);
    repo.objects().seal(ObjectKind.SNAPSHOT, "x", secret);
    try (var s = backend.list("")) {
      for (BlobInfo info : s.toList()) {
        String stored = new String(backend.open(info.key()).readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(stored).doesNotContain(new String(TestRepositories.PASSWORD)).doesNotContain("zstd");
      }
    }
  }
}
