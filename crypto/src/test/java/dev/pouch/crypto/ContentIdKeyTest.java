package dev.pouch.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ContentIdKeyTest {
  private final byte[] keyBytes = AeadTest.randomBytes(new Random(10), 32);
  private final ContentIdKey ids = ContentIdKey.of(SymmetricKey.of(keyBytes));
  private final byte[] data = AeadTest.randomBytes(new Random(11), 100_000);

  @Test
  void rfc4231TestCase2() {
    ContentIdKey jefe = new ContentIdKey("Jefe".getBytes(StandardCharsets.US_ASCII));

    byte[] id = jefe.id("what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));

    assertThat(HexFormat.of().formatHex(id))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void matchesJavaxHmacSha256() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(keyBytes, "HmacSHA256"));

    assertThat(ids.id(data)).isEqualTo(mac.doFinal(data)).hasSize(ContentIdKey.ID_BYTES);
  }

  @Test
  void sameDataGivesTheSameId() {
    assertThat(ids.id(data)).isEqualTo(ids.id(data.clone()));
  }

  @Test
  void differentKeysGiveDifferentIds() {
    ContentIdKey other = ContentIdKey.of(SymmetricKey.random(new SecureRandom()));

    assertThat(other.id(data)).isNotEqualTo(ids.id(data));
  }

  @Test
  void rangeIdEqualsIdOfTheCopiedRange() {
    assertThat(ids.id(data, 500, 70_000)).isEqualTo(ids.id(Arrays.copyOfRange(data, 500, 70_500)));
  }

  @Test
  void toStringShowsNoKeyMaterial() {
    assertThat(ids.toString()).doesNotContain(HexFormat.of().formatHex(keyBytes).substring(0, 8));
  }
}
