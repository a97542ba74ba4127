package dev.pouch.crypto;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A message spanning two full cipher slices and a partial third, so damage in every slice and at slice boundaries is
 * seen. Every bit would be 1M opens of 128 KiB, so this covers every bit of the nonce, the tag, both ends of the
 * ciphertext and each slice boundary, plus seeded random positions.
 */
class LargeMessageAeadTamperTest extends AeadTamperSuite {
  private static final int NONCE = Aead.NONCE_BYTES;

  @Override
  int plaintextBytes() {
    return 2 * Aead.SLICE_BYTES + 100;
  }

  @Override
  IntStream bitsToFlip(int sealedBytes) {
    Random random = new Random(7);
    IntStream bytes = Stream.of(
        IntStream.range(0, NONCE + 64),
        IntStream.range(NONCE + Aead.SLICE_BYTES - 16, NONCE + Aead.SLICE_BYTES + 16),
        IntStream.range(NONCE + 2 * Aead.SLICE_BYTES - 16, NONCE + 2 * Aead.SLICE_BYTES + 16),
        IntStream.range(sealedBytes - Aead.TAG_BYTES - 32, sealedBytes),
        random.ints(200, 0, sealedBytes)).flatMapToInt(s -> s);
    return bytes.distinct().flatMap(b -> IntStream.range(b * 8, b * 8 + 8));
  }

  @Override
  IntStream truncatedLengths(int sealedBytes) {
    Random random = new Random(8);
    return Stream.of(
        IntStream.rangeClosed(0, Aead.OVERHEAD + 16),
        IntStream.rangeClosed(NONCE + Aead.SLICE_BYTES - 2, NONCE + Aead.SLICE_BYTES + Aead.TAG_BYTES + 2),
        IntStream.range(sealedBytes - 64, sealedBytes),
        random.ints(50, 0, sealedBytes)).flatMapToInt(s -> s).distinct();
  }
}
