package dev.pouch.wombat.sst;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.wombat.bytes.ByteSource;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming validator agrees with {@link SstValidator} on every table, intact or damaged at any byte. */
class StreamingSstValidatorTest {

  private static byte[] table(boolean zlib, long seed) throws Exception {
    return SstTables.build(SstTables.entries(150, 60, seed), SstTables.options(zlib, 1024));
  }

  /** Streams {@code t} in slices of random length, as a chunker's reads would arrive. */
  private static SstValidation streamed(byte[] t, Random random, int upTo) throws Exception {
    StreamingSstValidator.Start start = StreamingSstValidator.open(ByteSource.of(t));
    if (start.failed().isPresent()) {
      return start.failed().get();
    }
    try (StreamingSstValidator v = start.validator().orElseThrow()) {
      int at = 0;
      while (at < upTo) {
        int n = Math.min(upTo - at, 1 + random.nextInt(3000));
        v.accept(t, at, n);
        at += n;
      }
      return v.finish();
    }
  }

  @Test
  void intactTablesValidateWithTheSameCountsAndKeys() throws Exception {
    Random random = new Random(7);
    for (boolean zlib : new boolean[] {false, true}) {
      for (long seed = 1; seed <= 5; seed++) {
        byte[] t = table(zlib, seed);
        SstValidation expected = SstValidator.validate(ByteSource.of(t));
        assertThat(expected.isValid()).isTrue();
        assertThat(streamed(t, random, t.length)).isEqualTo(expected);
      }
    }
  }

  @Test
  void everyFlippedByteIsJudgedAsTheRandomAccessValidatorJudgesIt() throws Exception {
    Random random = new Random(8);
    for (boolean zlib : new boolean[] {false, true}) {
      byte[] intact = table(zlib, 3);
      long blocksEnd = SstFooter.parse(intact, intact.length - 64).bloomOffset();
      int caughtInBlocks = 0;
      for (int i = 0; i < intact.length; i++) {
        byte[] t = intact.clone();
        t[i] ^= (byte) (1 << random.nextInt(8));
        SstValidation expected = SstValidator.validate(ByteSource.of(t));
        SstValidation actual = streamed(t, random, t.length);
        assertThat(actual.isValid()).as("flip at %d, zlib %s", i, zlib).isEqualTo(expected.isValid());
        assertThat(actual.problem().map(SstProblem::check)).as("flip at %d", i)
            .isEqualTo(expected.problem().map(SstProblem::check));
        if (i < blocksEnd && !actual.isValid()) {
          caughtInBlocks++;
        }
      }
      // A few header bytes of a block are outside every rule; nearly every other flip breaks its CRC or structure.
      assertThat(caughtInBlocks).as("flips caught inside the data blocks").isGreaterThan((int) (blocksEnd * 9 / 10));
    }
  }

  @Test
  void aStreamThatStopsBeforeTheLastBlockFails() throws Exception {
    byte[] t = table(false, 4);
    SstValidation v = streamed(t, new Random(9), 1000); // inside the first 1 KiB block
    assertThat(v.isValid()).isFalse();
    assertThat(v.problem().orElseThrow().check()).isEqualTo(SstCheck.SIZE);
  }
}
