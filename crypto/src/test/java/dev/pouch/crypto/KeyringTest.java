package dev.pouch.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KeyringTest {
  private static final byte[] PLAIN = {1, 2, 3, 4, 5};
  private final SecureRandom rng = new SecureRandom();
  private final Keyring first = Keyring.create(rng);

  @Test
  void aNewKeyringHasOnlyEpochOne() {
    assertThat(first.currentEpoch()).isEqualTo(1);
    assertThat(first.epochs()).containsExactly(1);
  }

  @Test
  void rotateAddsTheNextEpochAndKeepsTheOldOnes() {
    Keyring third = first.rotate(rng).rotate(rng);

    assertThat(third.currentEpoch()).isEqualTo(3);
    assertThat(third.epochs()).containsExactly(1, 2, 3);
  }

  @Test
  void rotateLeavesTheOriginalUnchanged() {
    first.rotate(rng);

    assertThat(first.epochs()).containsExactly(1);
  }

  @Test
  void dataSealedUnderEpochOneOpensAfterRotate() throws Exception {
    AeadContext context = new AeadContext("pack", "p1", 1);
    byte[] sealed = first.currentAead().seal(PLAIN, context);

    Keyring rotated = first.rotate(rng);

    assertThat(rotated.aead(1).open(sealed, context)).isEqualTo(PLAIN);
  }

  @Test
  void theNewEpochHasANewKey() throws Exception {
    Keyring rotated = first.rotate(rng);
    byte[] sealed = rotated.currentAead().seal(PLAIN, new AeadContext("pack", "p2", 1));

    // Same context on purpose: only the key differs.
    assertThatThrownBy(() -> rotated.aead(1).open(sealed, new AeadContext("pack", "p2", 1)))
        .isInstanceOf(IntegrityException.class);
  }

  @Test
  void contentIdKeyIsTheSameInEveryEpoch() {
    Keyring rotated = first.rotate(rng);

    assertThat(rotated.contentIdKey().id(PLAIN)).isEqualTo(first.contentIdKey().id(PLAIN));
  }

  @Test
  void unknownEpochIsAnIntegrityExceptionNamingIt() {
    assertThatThrownBy(() -> first.aead(7))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("epoch 7");
  }

  @Test
  void parseOfToBytesKeepsEveryKey() throws Exception {
    Keyring keyring = first.rotate(rng).rotate(rng);
    AeadContext context = new AeadContext("index", "i", 2);
    byte[] sealed = keyring.aead(2).seal(PLAIN, context);

    Keyring parsed = Keyring.parse(keyring.toBytes());

    assertThat(parsed.toBytes()).isEqualTo(keyring.toBytes());
    assertThat(parsed.epochs()).containsExactly(1, 2, 3);
    assertThat(parsed.currentEpoch()).isEqualTo(3);
    assertThat(parsed.aead(2).open(sealed, context)).isEqualTo(PLAIN);
    assertThat(parsed.contentIdKey().id(PLAIN)).isEqualTo(keyring.contentIdKey().id(PLAIN));
  }

  @Test
  void withoutEpochsRefusesToDropTheCurrentEpoch() {
    Keyring rotated = first.rotate(rng);

    assertThatThrownBy(() -> rotated.withoutEpochs(Set.of(1, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2");
  }

  @Test
  void withoutEpochsDropsOldEpochs() throws Exception {
    Keyring rotated = first.rotate(rng).rotate(rng);

    Keyring dropped = rotated.withoutEpochs(Set.of(1));

    assertThat(dropped.epochs()).containsExactly(2, 3);
    assertThat(dropped.currentEpoch()).isEqualTo(3);
    assertThatThrownBy(() -> dropped.aead(1)).isInstanceOf(IntegrityException.class);
    assertThat(Keyring.parse(dropped.toBytes()).epochs()).containsExactly(2, 3);
    assertThat(rotated.epochs()).containsExactly(1, 2, 3);
  }

  @Test
  void withoutEpochsIgnoresEpochsItDoesNotHold() {
    Keyring rotated = first.rotate(rng).withoutEpochs(Set.of(1));

    assertThat(rotated.withoutEpochs(Set.of(1, 99)).epochs()).containsExactly(2);
  }

  @Test
  void rotateAfterDroppingContinuesFromTheCurrentEpoch() {
    Keyring keyring = first.rotate(rng).withoutEpochs(Set.of(1)).rotate(rng);

    assertThat(keyring.epochs()).containsExactly(2, 3);
  }

  @Test
  void epochsCannotBeModified() {
    assertThatThrownBy(() -> first.epochs().add(5)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toStringShowsEpochsButNoKeys() {
    byte[] bytes = first.toBytes();
    String contentIdKeyHex = HexFormat.of().formatHex(bytes, 9, 41);
    String dataKeyHex = HexFormat.of().formatHex(bytes, 49, 81);

    assertThat(first.toString()).contains("[1]")
        .doesNotContain(contentIdKeyHex.substring(0, 8))
        .doesNotContain(dataKeyHex.substring(0, 8));
  }

  @Test
  void everyTruncationOfAParsedKeyringIsRejected() {
    byte[] bytes = first.rotate(rng).toBytes();

    List<Integer> accepted = IntStream.range(0, bytes.length)
        .filter(length -> !rejected(Arrays.copyOf(bytes, length)))
        .boxed()
        .toList();

    assertThat(accepted).as("truncated lengths that parsed").isEmpty();
  }

  @Test
  void randomGarbageIsRejected() {
    Random random = new Random(13);
    byte[] header = first.toBytes();
    for (int i = 0; i < 2000; i++) {
      byte[] garbage = AeadTest.randomBytes(random, random.nextInt(200));
      if (i % 2 == 0 && garbage.length >= 5) {
        System.arraycopy(header, 0, garbage, 0, 5);
      }
      assertThat(rejected(garbage)).as("garbage #" + i).isTrue();
    }
  }

  @Test
  void structuralViolationsAreRejected() {
    assertThat(rejected(keyringBytes("PCKR", 1, 2, 2, 1, 2))).as("valid control").isFalse();
    assertThat(rejected(keyringBytes("PCKR", 1, 1, 2, 1, 2))).as("current below highest").isTrue();
    assertThat(rejected(keyringBytes("PCKR", 1, 2, 2, 2, 1))).as("descending").isTrue();
    assertThat(rejected(keyringBytes("PCKR", 1, 2, 2, 2, 2))).as("duplicate").isTrue();
    assertThat(rejected(keyringBytes("PCKR", 1, 1, 2, 0, 1))).as("epoch 0").isTrue();
    assertThat(rejected(keyringBytes("PCKR", 1, 2, 3, 1, 2))).as("count above entries").isTrue();
    assertThat(rejected(keyringBytes("PCKR", 1, 2, 1, 1, 2))).as("count below entries").isTrue();
    assertThat(rejected(keyringBytes("PCKR", 1, 2, -1, 1, 2))).as("count 2^32 - 1").isTrue();
    assertThat(rejected(keyringBytes("PCKR", 1, 0, 0))).as("no entries").isTrue();
    assertThat(rejected(keyringBytes("PCKR", 2, 1, 1, 1))).as("version 2").isTrue();
    assertThat(rejected(keyringBytes("PCHK", 1, 1, 1, 1))).as("key file magic").isTrue();
    byte[] valid = keyringBytes("PCKR", 1, 1, 1, 1);
    assertThat(rejected(Arrays.copyOf(valid, valid.length + 1))).as("trailing byte").isTrue();
  }

  /** A keyring with the given header values and one zero key per listed epoch. */
  private static byte[] keyringBytes(String magic, int version, int current, int count, int... epochs) {
    ByteBuffer out = ByteBuffer.allocate(4 + 1 + 4 + 32 + 4 + epochs.length * 36)
        .put(magic.getBytes(StandardCharsets.US_ASCII))
        .put((byte) version)
        .putInt(current)
        .put(new byte[32])
        .putInt(count);
    for (int epoch : epochs) {
      out.putInt(epoch).put(new byte[32]);
    }
    return out.array();
  }

  private static boolean rejected(byte[] bytes) {
    try {
      Keyring.parse(bytes);
      return false;
    } catch (IntegrityException expected) {
      return true;
    }
  }
}
