package dev.pouch.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Argon2idTest {
  private static final byte[] SALT = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

  // RFC 9106 §5.3. m=32 KiB and p=4 differ from BouncyCastle's builder defaults (4096 KiB, 1 lane), so a parameter
  // that is not passed through would change the tag.
  @Test
  void rfc9106Section5Point3Vector() {
    byte[] tag = Argon2id.derive(filled(32, 0x01), filled(16, 0x02), new Argon2idParams(32, 3, 4), filled(8, 0x03),
        filled(12, 0x04), 32);

    assertThat(HexFormat.of().formatHex(tag))
        .isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
  }

  // The RFC vector uses t=3, which is also BouncyCastle's default, so iterations need their own check.
  @Test
  void iterationsArePassedThrough() {
    byte[] one = Argon2id.derive(filled(8, 1), SALT, new Argon2idParams(64, 1, 1), null, null, 32);
    byte[] two = Argon2id.derive(filled(8, 1), SALT, new Argon2idParams(64, 2, 1), null, null, 32);

    assertThat(one).isNotEqualTo(two);
  }

  @Test
  void deriveKeyIsArgon2idOfTheUtf8PasswordWithoutSecretOrAssociatedData() {
    String password = "pässwörd \uD83D\uDD11";
    byte[] expected = Argon2id.derive(password.getBytes(StandardCharsets.UTF_8), SALT, Argon2idParams.forTests(),
        null, null, 32);

    SymmetricKey key = Argon2id.deriveKey(password.toCharArray(), SALT, Argon2idParams.forTests());

    assertThat(key).isEqualTo(SymmetricKey.of(expected));
  }

  // BouncyCastle is used directly; registering it as a JCE provider could silently swap the AES-GCM implementation.
  @Test
  void bouncyCastleIsNotRegisteredAsAJceProvider() {
    Argon2id.deriveKey("pw".toCharArray(), SALT, Argon2idParams.forTests());

    assertThat(Security.getProvider("BC")).isNull();
  }

  @Test
  void unpairedSurrogateInPasswordIsRejected() {
    assertThatThrownBy(() -> Argon2id.deriveKey(new char[] {'a', '\uD800'}, SALT, Argon2idParams.forTests()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("a\uD800");
  }

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
