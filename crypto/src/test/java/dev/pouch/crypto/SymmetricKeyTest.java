package dev.pouch.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SymmetricKeyTest {
  private final byte[] bytes = AeadTest.randomBytes(new Random(9), 32);

  @Test
  void toStringShowsNoKeyMaterial() {
    String text = SymmetricKey.of(bytes).toString();

    assertThat(text.toLowerCase())
        .doesNotContain(HexFormat.of().formatHex(bytes).substring(0, 8))
        .doesNotContain(HexFormat.of().formatHex(bytes).substring(56));
    assertThat(text)
        .doesNotContain(Base64.getEncoder().encodeToString(bytes).substring(0, 8))
        .doesNotContain(Base64.getUrlEncoder().encodeToString(bytes).substring(0, 8));
  }

  @Test
  void equalBytesAreEqualKeys() {
    assertThat(SymmetricKey.of(bytes)).isEqualTo(SymmetricKey.of(bytes.clone()))
        .hasSameHashCodeAs(SymmetricKey.of(bytes.clone()));
  }

  @Test
  void differentBytesAreDifferentKeys() {
    byte[] other = bytes.clone();
    other[31] ^= 1;

    assertThat(SymmetricKey.of(bytes)).isNotEqualTo(SymmetricKey.of(other));
  }

  @Test
  void ofCopiesTheCallersArray() {
    byte[] input = bytes.clone();
    SymmetricKey key = SymmetricKey.of(input);

    input[0] ^= 1;

    assertThat(key.copyBytes()).isEqualTo(bytes);
  }

  @Test
  void ofRejectsAnyLengthButThirtyTwo() {
    assertThatThrownBy(() -> SymmetricKey.of(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SymmetricKey.of(new byte[33])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void randomKeysDiffer() {
    SecureRandom rng = new SecureRandom();

    assertThat(SymmetricKey.random(rng)).isNotEqualTo(SymmetricKey.random(rng));
  }

  @Test
  void destroyZeroesTheBytesAndForbidsFurtherUse() throws Exception {
    SymmetricKey key = SymmetricKey.of(bytes);

    key.destroy();

    Field field = SymmetricKey.class.getDeclaredField("bytes");
    field.setAccessible(true);
    assertThat((byte[]) field.get(key)).containsOnly(0);
    assertThat(key.isDestroyed()).isTrue();
    assertThatThrownBy(key::copyBytes).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Aead.of(key)).isInstanceOf(IllegalStateException.class);
  }
}
