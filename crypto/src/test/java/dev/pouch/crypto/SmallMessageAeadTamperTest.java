package dev.pouch.crypto;

import java.util.stream.IntStream;

/** A 40-byte message: every bit and every truncation. */
class SmallMessageAeadTamperTest extends AeadTamperSuite {
  @Override
  int plaintextBytes() {
    return 40;
  }

  @Override
  IntStream bitsToFlip(int sealedBytes) {
    return IntStream.range(0, sealedBytes * 8);
  }

  @Override
  IntStream truncatedLengths(int sealedBytes) {
    return IntStream.range(0, sealedBytes);
  }
}
