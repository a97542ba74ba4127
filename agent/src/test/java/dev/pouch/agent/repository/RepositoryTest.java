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

  @Test
  void aLongLivedRepositoryTakesUpAnotherProcesssRotation() throws Exception {
    Repository sidecar = TestRepositories.init(backend);
    Repository admin = TestRepositories.open(backend);
    admin.rotateDataKey();
    byte[] fresh = admin.objects().seal(ObjectKind.SNAPSHOT, "b", "new".getBytes());

    assertThat(sidecar.refreshKeyring()).isTrue();
    assertThat(sidecar.keyring().currentEpoch()).isEqualTo(2);
    assertThat(sidecar.objects().open(ObjectKind.SNAPSHOT, "b", fresh)).isEqualTo("new".getBytes());
    assertThat(sidecar.refreshKeyring()).isFalse();
  }

  @Test
  void rotationsByTwoLongLivedProcessesKeepBothEpochs() throws Exception {
    Repository first = TestRepositories.init(backend);
    Repository second = TestRepositories.open(backend);
    first.rotateDataKey();
    byte[] sealedUnder2 = first.objects().seal(ObjectKind.SNAPSHOT, "a", "two".getBytes());
    second.rotateDataKey(); // built on the stored keyring {1, 2}, not on its own stale {1}

    Repository reopened = TestRepositories.open(backend);
    assertThat(reopened.keyring().epochs()).containsExactly(1, 2, 3);
    assertThat(reopened.objects().open(ObjectKind.SNAPSHOT, "a", sealedUnder2)).isEqualTo("two".getBytes());
  }

  @Test
  void aStaleCopyTargetDoesNotOverwriteAKeyItGainedByItsOwnRotation() throws Exception {
    MemoryStorageBackend targetStore = MemoryStorageBackend.create();
    Repository primary = TestRepositories.init(backend);
    Repository staleTarget = Repository.initCopyOf(targetStore, primary); // held open by a sidecar
    Repository targetAdmin = TestRepositories.open(targetStore);
    targetAdmin.rotateDataKey(); // the target's own epoch 2
    byte[] targetData = targetAdmin.objects().seal(ObjectKind.SNAPSHOT, "t", "target".getBytes());
    primary.rotateDataKey(); // the primary's different epoch 2

    assertThatThrownBy(() -> staleTarget.adoptKeyring(primary.keyring()))
        .isInstanceOf(IllegalArgumentException.class);
    Repository target = TestRepositories.open(targetStore);
    assertThat(target.objects().open(ObjectKind.SNAPSHOT, "t", targetData)).isEqualTo("target".getBytes());
  }

  @Test
  void aKeyFileNeedingMoreThanHalfTheHeapIsSkippedAndTheRightPasswordStillOpens() throws Exception {
    TestRepositories.init(backend);
    // Anyone who can add objects can add a key file asking for 4 GiB: it ran the open out of memory before the
    // real key file was tried.
    dev.pouch.crypto.KeyFile hostile = new dev.pouch.crypto.KeyFile("0".repeat(64),
        new Argon2idParams(Argon2idParams.MAX_MEMORY_KIB, 1, 1), new byte[16], new byte[60], java.time.Instant.now(),
        "hostile");
    backend.put(RepositoryLayout.key(hostile.id()), dev.pouch.storage.BlobContent.of(hostile.toBytes()),
        dev.pouch.storage.PutMode.CREATE_IF_ABSENT);

    assertThat(TestRepositories.open(backend).keyring().currentEpoch()).isEqualTo(1);
    assertThatThrownBy(() -> Repository.open(backend, "wrong".toCharArray(), Clock.systemUTC(), new SecureRandom()))
        .isInstanceOf(WrongPasswordException.class)
        .hasMessageContaining("not tried, needing more than half of this JVM's")
        .hasMessageContaining("Argon2id memory 4096 MiB");
  }

  @Test
  void aKeyFileThatNamesItselfAfterAnotherIsNotUsed() throws Exception {
    Repository repo = TestRepositories.init(backend);
    String real = repo.openedWithKeyId();
    // A copy of the real key file under another name: its id would make 'key remove' delete the real one.
    byte[] copy = Repository.readSmall(backend, RepositoryLayout.key(real));
    backend.put(RepositoryLayout.key("f".repeat(64)), dev.pouch.storage.BlobContent.of(copy),
        dev.pouch.storage.PutMode.CREATE_IF_ABSENT);

    assertThat(TestRepositories.open(backend).openedWithKeyId()).isEqualTo(real);
    assertThatThrownBy(() -> new KeyService(repo).list()).isInstanceOf(dev.pouch.crypto.IntegrityException.class)
        .hasMessageContaining("names itself " + real);
  }
}
