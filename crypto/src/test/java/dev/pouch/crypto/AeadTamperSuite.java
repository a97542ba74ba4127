package dev.pouch.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Every way of damaging a sealed message that the repository can meet must end in {@link IntegrityException}: bit
 * flips, truncation, appended or removed bytes, another object's context, another key. Subclasses pick the message
 * size and which positions to try (all of them where that is cheap).
 */
abstract class AeadTamperSuite {
  static final AeadContext CONTEXT = new AeadContext("pack", "3f9a0c", 2);
  final Aead aead = Aead.of(SymmetricKey.random(new SecureRandom()));
  final byte[] plain = AeadTest.randomBytes(new Random(42), plaintextBytes());
  final byte[] sealed = aead.seal(plain, CONTEXT);

  abstract int plaintextBytes();

  /** Bit indexes (byte * 8 + bit) of {@code sealed} to flip. */
  abstract IntStream bitsToFlip(int sealedBytes);

  /** Lengths shorter than {@code sealedBytes} to cut the message to. */
  abstract IntStream truncatedLengths(int sealedBytes);

  // Without this control every other test here would also pass against an open() that always throws.
  @Test
  void untouchedMessageOpens() throws Exception {
    assertThat(aead.open(sealed, CONTEXT)).isEqualTo(plain);
  }

  @Test
  void everyFlippedBitIsRejected() {
    List<Integer> accepted = bitsToFlip(sealed.length)
        .filter(bit -> {
          byte[] damaged = sealed.clone();
          damaged[bit / 8] ^= (byte) (1 << (bit % 8));
          return !rejected(damaged, CONTEXT);
        })
        .boxed()
        .toList();

    assertThat(accepted).as("flipped bits that still opened").isEmpty();
  }

  @Test
  void everyTruncationIsRejected() {
    List<Integer> accepted = truncatedLengths(sealed.length)
        .filter(length -> !rejected(Arrays.copyOf(sealed, length), CONTEXT))
        .boxed()
        .toList();

    assertThat(accepted).as("truncated lengths that still opened").isEmpty();
  }

  @Test
  void removedLeadingBytesAreRejected() {
    List<Integer> accepted = IntStream.of(1, 12, 16, 28)
        .filter(cut -> !rejected(Arrays.copyOfRange(sealed, cut, sealed.length), CONTEXT))
        .boxed()
        .toList();

    assertThat(accepted).as("leading cuts that still opened").isEmpty();
  }

  @Test
  void appendedBytesAreRejected() {
    List<Integer> accepted = IntStream.of(1, 15, 16, 28, 4096)
        .filter(extra -> !rejected(Arrays.copyOf(sealed, sealed.length + extra), CONTEXT))
        .boxed()
        .toList();

    assertThat(accepted).as("appended byte counts that still opened").isEmpty();
  }

  @Test
  void anotherTypeIsRejected() {
    assertThat(rejected(sealed, new AeadContext("index", CONTEXT.id(), CONTEXT.keyEpoch()))).isTrue();
  }

  @Test
  void anotherIdIsRejected() {
    assertThat(rejected(sealed, new AeadContext(CONTEXT.type(), "3f9a0d", CONTEXT.keyEpoch()))).isTrue();
  }

  @Test
  void anotherEpochIsRejected() {
    assertThat(rejected(sealed, new AeadContext(CONTEXT.type(), CONTEXT.id(), CONTEXT.keyEpoch() + 1))).isTrue();
  }

  @Test
  void anotherKeyIsRejected() {
    Aead other = Aead.of(SymmetricKey.random(new SecureRandom()));

    assertThatThrownBy(() -> other.open(sealed, CONTEXT)).isInstanceOf(IntegrityException.class);
  }

  @Test
  void aRejectionLeavesTheAeadUsable() throws Exception {
    byte[] damaged = sealed.clone();
    damaged[damaged.length - 1] ^= 1;
    assertThat(rejected(damaged, CONTEXT)).isTrue();

    assertThat(aead.open(sealed, CONTEXT)).isEqualTo(plain);
  }

  /** True if open threw IntegrityException; any other exception fails the test. */
  boolean rejected(byte[] candidate, AeadContext context) {
    try {
      aead.open(candidate, context);
      return false;
    } catch (IntegrityException expected) {
      return true;
    }
  }
}
