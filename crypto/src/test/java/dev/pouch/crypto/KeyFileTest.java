package dev.pouch.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeyFileTest {
  private static final Instant CREATED = Instant.parse("2026-11-25T10:15:30Z");
  private final SecureRandom rng = new SecureRandom();
  private final MasterKey master = MasterKey.random(rng);
  private final KeyFile keyFile = create("k1", "correct horse");

  @Test
  void unwrapsWithTheRightPassword() throws Exception {
    assertThat(keyFile.unwrap("correct horse".toCharArray())).isEqualTo(master);
  }

  @Test
  void wrongPasswordThrowsWrongPasswordExceptionNamingTheKeyFileButNotThePassword() {
    assertThatThrownBy(() -> keyFile.unwrap("correct horsf".toCharArray()))
        .isInstanceOf(WrongPasswordException.class)
        .hasMessageContaining("'k1'")
        .hasMessageNotContaining("horse")
        .hasMessageNotContaining("horsf");
  }

  @Test
  void severalKeyFilesForOneMasterKeyAllUnwrapToIt() throws Exception {
    KeyFile second = create("k2", "second password");
    KeyFile third = create("k3", "dritte Paßphrase \uD83D\uDD11");

    assertThat(second.unwrap("second password".toCharArray())).isEqualTo(master);
    assertThat(third.unwrap("dritte Paßphrase \uD83D\uDD11".toCharArray())).isEqualTo(master);
    assertThat(keyFile.unwrap("correct horse".toCharArray())).isEqualTo(master);
  }

  @Test
  void unwrappedMasterKeyOpensWhatTheOriginalSealed() throws Exception {
    AeadContext context = new AeadContext("keyring", "", 0);
    byte[] sealed = master.aead().seal(new byte[] {4, 5, 6}, context);

    MasterKey unwrapped = keyFile.unwrap("correct horse".toCharArray());

    assertThat(unwrapped.aead().open(sealed, context)).containsExactly(4, 5, 6);
  }

  @Test
  void eachKeyFileGetsItsOwnSalt() {
    KeyFile again = create("k1", "correct horse");

    assertThat(again.salt()).hasSize(KeyFile.SALT_BYTES).isNotEqualTo(keyFile.salt());
  }

  @Test
  void parseOfToBytesGivesAnEqualKeyFileThatStillUnwraps() throws Exception {
    KeyFile parsed = KeyFile.parse(keyFile.toBytes());

    assertThat(parsed).isEqualTo(keyFile).hasSameHashCodeAs(keyFile);
    assertThat(parsed.unwrap("correct horse".toCharArray())).isEqualTo(master);
  }

  // Golden bytes for the layout documented on KeyFile.
  @Test
  void toBytesFollowsTheDocumentedLayout() {
    byte[] salt = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    byte[] sealed = new byte[60];
    sealed[0] = (byte) 0xaa;
    sealed[59] = (byte) 0xbb;
    KeyFile fixed = new KeyFile("id", new Argon2idParams(65536, 3, 2), salt, sealed,
        Instant.ofEpochSecond(0x0102030405L, 7), "é");

    String expected = "5043484b" + "01" + "00010000" + "00000003" + "00000002"
        + "10" + "000102030405060708090a0b0c0d0e0f"
        + "0002" + "6964"
        + "0000000102030405" + "00000007"
        + "0002" + "c3a9"
        + "3c" + "aa" + "00".repeat(58) + "bb";
    assertThat(HexFormat.of().formatHex(fixed.toBytes())).isEqualTo(expected);
  }

  // params, salt and id all feed unwrapping: editing any of them must not yield a (wrong) master key.
  @Test
  void editedParamsSaltOrIdFailUnwrapping() {
    byte[] otherSalt = keyFile.salt();
    otherSalt[0] ^= 1;
    KeyFile[] edited = {
        new KeyFile(keyFile.id(), new Argon2idParams(65, 1, 1), keyFile.salt(), keyFile.sealedMasterKey(), CREATED, ""),
        new KeyFile(keyFile.id(), keyFile.params(), otherSalt, keyFile.sealedMasterKey(), CREATED, ""),
        new KeyFile("k2", keyFile.params(), keyFile.salt(), keyFile.sealedMasterKey(), CREATED, ""),
    };

    for (KeyFile candidate : edited) {
      assertThatThrownBy(() -> candidate.unwrap("correct horse".toCharArray()))
          .as(candidate.toString())
          .isInstanceOf(WrongPasswordException.class);
    }
  }

  @Test
  void labelAndCreatedAreInformationalOnly() throws Exception {
    KeyFile relabelled = new KeyFile(keyFile.id(), keyFile.params(), keyFile.salt(), keyFile.sealedMasterKey(),
        Instant.EPOCH, "someone else");

    assertThat(relabelled.unwrap("correct horse".toCharArray())).isEqualTo(master);
  }

  @Test
  void refusesAnEmptyPassword() {
    assertThatThrownBy(() -> create("k9", "")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsFieldsOutsideTheFormatLimits() {
    assertThatThrownBy(() -> create("", "pw")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> create("x".repeat(257), "pw")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyFile.create("k", master, "pw".toCharArray(), Argon2idParams.forTests(), CREATED,
        "l".repeat(1025), rng)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeyFile("k", Argon2idParams.forTests(), new byte[7], new byte[60], CREATED, ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeyFile("k", Argon2idParams.forTests(), new byte[16], new byte[59], CREATED, ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void arraysAreCopiedInAndOut() {
    byte[] salt = keyFile.salt();
    salt[0] ^= 1;
    byte[] sealed = keyFile.sealedMasterKey();
    sealed[0] ^= 1;

    assertThat(keyFile.salt()).isNotEqualTo(salt);
    assertThat(keyFile.sealedMasterKey()).isNotEqualTo(sealed);
  }

  @Test
  void toStringShowsNeitherSaltNorSealedKey() {
    String text = keyFile.toString();

    assertThat(text).contains("k1").contains("label")
        .doesNotContain(HexFormat.of().formatHex(keyFile.salt()))
        .doesNotContain(HexFormat.of().formatHex(keyFile.sealedMasterKey()).substring(24, 40));
  }

  private KeyFile create(String id, String password) {
    return KeyFile.create(id, master, password.toCharArray(), Argon2idParams.forTests(), CREATED, "label of " + id,
        rng);
  }
}
