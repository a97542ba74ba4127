package dev.pouch.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AeadTest {
  private static final AeadContext CONTEXT = new AeadContext("pack", "3f9a0c", 1);
  private final SecureRandom rng = new SecureRandom();
  private final byte[] keyBytes = randomBytes(new Random(1), 32);
  private final Aead aead = Aead.of(SymmetricKey.of(keyBytes));

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 65535, 65536, 65537, 3 * 1024 * 1024})
  void roundTripsEverySize(int size) throws Exception {
    byte[] plain = randomBytes(new Random(size), size);

    byte[] sealed = aead.seal(plain, CONTEXT);

    assertThat(sealed).hasSize(size + Aead.OVERHEAD);
    assertThat(aead.open(sealed, CONTEXT)).isEqualTo(plain);
  }

  @Test
  void sealsARangeOfALargerArray() throws Exception {
    byte[] buffer = randomBytes(new Random(2), 200_000);

    byte[] sealed = aead.seal(buffer, 1_234, 150_000, CONTEXT);

    assertThat(aead.open(sealed, CONTEXT)).isEqualTo(Arrays.copyOfRange(buffer, 1_234, 151_234));
  }

  @Test
  void sealsIntoALargerArrayWithoutTouchingTheBytesAround() throws Exception {
    byte[] plain = randomBytes(new Random(6), 70_000);
    byte[] out = new byte[100 + plain.length + Aead.OVERHEAD + 57];
    Arrays.fill(out, (byte) 0x5a);

    int written = aead.sealInto(plain, 0, plain.length, CONTEXT, out, 100);

    assertThat(written).isEqualTo(plain.length + Aead.OVERHEAD);
    assertThat(aead.open(out, 100, written, CONTEXT)).isEqualTo(plain);
    assertThat(Arrays.copyOfRange(out, 0, 100)).containsOnly((byte) 0x5a);
    assertThat(Arrays.copyOfRange(out, 100 + written, out.length)).containsOnly((byte) 0x5a);
  }

  @Test
  void sealIntoRefusesAnOutputRangeTooSmallBeforeWritingAnything() {
    byte[] plain = new byte[10];
    byte[] out = new byte[10 + Aead.OVERHEAD];

    assertThatThrownBy(() -> aead.sealInto(plain, 0, 10, CONTEXT, out, 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(out).containsOnly((byte) 0);
  }

  @Test
  void opensIntoALargerArrayAndZeroesTheCandidateWhenTheTagFails() throws Exception {
    byte[] plain = randomBytes(new Random(7), 70_000);
    byte[] sealed = aead.seal(plain, CONTEXT);
    byte[] out = new byte[50 + plain.length + 50];

    assertThat(aead.openInto(sealed, 0, sealed.length, CONTEXT, out, 50)).isEqualTo(plain.length);
    assertThat(Arrays.copyOfRange(out, 50, 50 + plain.length)).isEqualTo(plain);

    sealed[sealed.length / 2] ^= 1;
    Arrays.fill(out, (byte) 0x5a);
    assertThatThrownBy(() -> aead.openInto(sealed, 0, sealed.length, CONTEXT, out, 50))
        .isInstanceOf(IntegrityException.class);
    assertThat(Arrays.copyOfRange(out, 50, 50 + plain.length)).containsOnly((byte) 0);
    assertThat(Arrays.copyOfRange(out, 0, 50)).containsOnly((byte) 0x5a);
    assertThatThrownBy(() -> aead.openInto(sealed, 0, sealed.length, CONTEXT, new byte[plain.length - 1], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void opensASealedMessageEmbeddedInALargerArray() throws Exception {
    byte[] plain = randomBytes(new Random(3), 70_000);
    byte[] sealed = aead.seal(plain, CONTEXT);
    byte[] buffer = randomBytes(new Random(4), 100 + sealed.length + 57);
    System.arraycopy(sealed, 0, buffer, 100, sealed.length);

    assertThat(aead.open(buffer, 100, sealed.length, CONTEXT)).isEqualTo(plain);
  }

  @Test
  void sealingTheSamePlaintextTwiceGivesDifferentCiphertexts() {
    byte[] plain = randomBytes(new Random(5), 100);

    assertThat(aead.seal(plain, CONTEXT)).isNotEqualTo(aead.seal(plain, CONTEXT));
  }

  // SunJCE remembers the last (key, nonce) per GCM Cipher object and refuses to encrypt with it again; open
  // re-encrypts to recompute the tag, so opening the same message twice in a row on one thread must still work.
  @Test
  void opensTheSameMessageTwiceInARowOnOneThread() throws Exception {
    byte[] plain = randomBytes(new Random(6), 1000);
    byte[] sealed = aead.seal(plain, CONTEXT);

    assertThat(aead.open(sealed, CONTEXT)).isEqualTo(plain);
    assertThat(aead.open(sealed, CONTEXT)).isEqualTo(plain);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 17, 65536 + 17, 200_000})
  void sealedLayoutIsNonceThenStandardGcmOutput(int size) throws Exception {
    byte[] plain = randomBytes(new Random(size), size);
    byte[] sealed = aead.seal(plain, CONTEXT);

    Cipher standard = Cipher.getInstance("AES/GCM/NoPadding");
    standard.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keyBytes, "AES"), new GCMParameterSpec(128, sealed, 0, 12));
    standard.updateAAD(CONTEXT.aad());

    assertThat(standard.doFinal(sealed, 12, sealed.length - 12)).isEqualTo(plain);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 17, 65536, 65536 + 17, 200_000})
  void opensOutputOfStandardGcm(int size) throws Exception {
    byte[] plain = randomBytes(new Random(size + 1), size);
    byte[] nonce = randomBytes(new Random(size + 2), 12);
    Cipher standard = Cipher.getInstance("AES/GCM/NoPadding");
    standard.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyBytes, "AES"), new GCMParameterSpec(128, nonce));
    standard.updateAAD(CONTEXT.aad());
    byte[] ciphertextAndTag = standard.doFinal(plain);
    byte[] sealed = new byte[12 + ciphertextAndTag.length];
    System.arraycopy(nonce, 0, sealed, 0, 12);
    System.arraycopy(ciphertextAndTag, 0, sealed, 12, ciphertextAndTag.length);

    assertThat(aead.open(sealed, CONTEXT)).isEqualTo(plain);
  }

  @Test
  void rejectsRangesOutsideTheArray() {
    byte[] buffer = new byte[100];

    assertThatThrownBy(() -> aead.seal(buffer, 90, 11, CONTEXT)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> aead.seal(buffer, -1, 10, CONTEXT)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> aead.open(buffer, 50, 51, CONTEXT)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void sealsAndOpensFromManyThreadsAtOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int task = 0; task < 8; task++) {
        int seed = task;
        results.add(pool.submit(() -> {
          Random random = new Random(seed);
          for (int i = 0; i < 100; i++) {
            byte[] plain = randomBytes(random, random.nextInt(3 * Aead.SLICE_BYTES));
            AeadContext context = new AeadContext("chunk", seed + "-" + i, 1);
            if (!Arrays.equals(aead.open(aead.seal(plain, context), context), plain)) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void ofCopiesTheKeySoDestroyingItLaterDoesNotBreakTheAead() throws Exception {
    SymmetricKey key = SymmetricKey.random(rng);
    Aead independent = Aead.of(key);
    byte[] sealed = independent.seal(new byte[] {1, 2, 3}, CONTEXT);

    key.destroy();

    assertThat(independent.open(sealed, CONTEXT)).containsExactly(1, 2, 3);
  }

  static byte[] randomBytes(Random random, int size) {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return bytes;
  }
}
