package dev.pouch.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Hostile and damaged key files: parse must answer IntegrityException and nothing else, without large allocations. */
class KeyFileParseTest {
  private static final char[] PASSWORD = "pw".toCharArray();
  private final MasterKey master = MasterKey.random(new SecureRandom());
  private final KeyFile valid = KeyFile.create("key-1", master, PASSWORD, Argon2idParams.forTests(),
      Instant.parse("2026-11-25T00:00:00Z"), "label", new SecureRandom());
  private final byte[] validBytes = valid.toBytes();

  @Test
  void handWrittenEncoderMatchesToBytes() throws Exception {
    // Guards the tests below: they edit single fields of this encoder's output.
    assertThat(new RawKeyFile(valid).toBytes()).isEqualTo(validBytes);
  }

  @Test
  void everyTruncationIsRejected() {
    List<Integer> accepted = new ArrayList<>();
    for (int length = 0; length < validBytes.length; length++) {
      if (!rejected(Arrays.copyOf(validBytes, length))) {
        accepted.add(length);
      }
    }

    assertThat(accepted).as("truncated lengths that parsed").isEmpty();
  }

  @Test
  void trailingBytesAreRejected() {
    assertThat(rejected(Arrays.copyOf(validBytes, validBytes.length + 1))).isTrue();
  }

  @Test
  void randomGarbageIsRejected() {
    Random random = new Random(12);
    for (int i = 0; i < 2000; i++) {
      byte[] garbage = AeadTest.randomBytes(random, random.nextInt(300));
      if (i % 2 == 0 && garbage.length >= 5) {
        // Half of the inputs get a valid header so parsing goes past the magic.
        System.arraycopy(validBytes, 0, garbage, 0, 5);
      }
      assertThat(rejected(garbage)).as("garbage #" + i).isTrue();
    }
  }

  // A changed byte either breaks the structure (IntegrityException), or lands in an authenticated field (unwrap
  // fails), or in created/label (unwrap still gives the master key). Never any other exception, never a wrong key.
  @Test
  void everySingleByteEditEndsInIntegrityOrWrongPasswordOrTheRightKey() throws Exception {
    for (int position = 0; position < validBytes.length; position++) {
      for (int mask : new int[] {0x01, 0x80, 0xff}) {
        byte[] edited = validBytes.clone();
        edited[position] ^= (byte) mask;
        Throwable parseFailure = catchThrowable(() -> KeyFile.parse(edited));
        if (parseFailure != null) {
          assertThat(parseFailure).as("byte %d ^ %x", position, mask).isInstanceOf(IntegrityException.class);
          continue;
        }
        KeyFile parsed = KeyFile.parse(edited);
        Throwable unwrapFailure = catchThrowable(() -> assertThat(parsed.unwrap(PASSWORD)).isEqualTo(master));
        assertThat(unwrapFailure).as("byte %d ^ %x", position, mask)
            .satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(WrongPasswordException.class));
      }
    }
  }

  @Test
  void absurdArgon2ParametersAreRejectedBeforeAnyWork() {
    assertRejected(raw -> raw.memoryKiB = 0xFFFF_FFFFL);
    assertRejected(raw -> raw.memoryKiB = Argon2idParams.MAX_MEMORY_KIB + 1L);
    assertRejected(raw -> raw.memoryKiB = 7);
    assertRejected(raw -> raw.iterations = 0);
    assertRejected(raw -> raw.iterations = 0xFFFF_FFFFL);
    assertRejected(raw -> raw.parallelism = 0);
    assertRejected(raw -> raw.parallelism = 65);
    assertRejected(raw -> {
      raw.memoryKiB = 16;
      raw.parallelism = 4;
    });
  }

  @Test
  void outOfRangeLengthsAreRejected() {
    assertRejected(raw -> raw.salt = new byte[7]);
    assertRejected(raw -> raw.salt = new byte[65]);
    assertRejected(raw -> raw.id = new byte[0]);
    assertRejected(raw -> raw.id = new byte[257]);
    assertRejected(raw -> raw.label = new byte[1025]);
    assertRejected(raw -> raw.sealed = new byte[59]);
    assertRejected(raw -> raw.sealed = new byte[61]);
  }

  @Test
  void lengthFieldsLargerThanTheInputAreRejected() {
    assertRejected(raw -> raw.idLengthOverride = 0xFFFF);
    assertRejected(raw -> raw.labelLengthOverride = 0xFFFF);
    assertRejected(raw -> raw.saltLengthOverride = 0xFF);
  }

  @Test
  void malformedFieldsAreRejected() {
    assertRejected(raw -> raw.magic = "PCHL".getBytes(StandardCharsets.US_ASCII));
    assertRejected(raw -> raw.version = 2);
    assertRejected(raw -> raw.version = 0);
    assertRejected(raw -> raw.id = new byte[] {'k', (byte) 0xC3});
    assertRejected(raw -> raw.label = new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
    assertRejected(raw -> raw.createdNanos = 1_000_000_000L);
    assertRejected(raw -> raw.createdSeconds = Long.MAX_VALUE);
    assertRejected(raw -> raw.createdSeconds = Long.MIN_VALUE);
  }

  @Test
  void messagesNameTheProblem() {
    byte[] bytes = new RawKeyFile(valid).with(raw -> raw.memoryKiB = 0xFFFF_FFFFL).toBytes();

    assertThatThrownBy(() -> KeyFile.parse(bytes))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("key file")
        .hasMessageContaining("memory");
  }

  private void assertRejected(Consumer<RawKeyFile> edit) {
    byte[] bytes = new RawKeyFile(valid).with(edit).toBytes();

    assertThatThrownBy(() -> KeyFile.parse(bytes)).isInstanceOf(IntegrityException.class);
  }

  /** True if parse threw IntegrityException; any other exception fails the test. */
  private static boolean rejected(byte[] bytes) {
    try {
      KeyFile.parse(bytes);
      return false;
    } catch (IntegrityException expected) {
      return true;
    }
  }

  /** The key file layout written field by field with no validation, so tests can put hostile values in. */
  private static final class RawKeyFile {
    byte[] magic = "PCHK".getBytes(StandardCharsets.US_ASCII);
    int version = 1;
    long memoryKiB;
    long iterations;
    long parallelism;
    byte[] salt;
    int saltLengthOverride = -1;
    byte[] id;
    int idLengthOverride = -1;
    long createdSeconds;
    long createdNanos;
    byte[] label;
    int labelLengthOverride = -1;
    byte[] sealed;

    RawKeyFile(KeyFile from) {
      memoryKiB = from.params().memoryKiB();
      iterations = from.params().iterations();
      parallelism = from.params().parallelism();
      salt = from.salt();
      id = from.id().getBytes(StandardCharsets.UTF_8);
      createdSeconds = from.created().getEpochSecond();
      createdNanos = from.created().getNano();
      label = from.label().getBytes(StandardCharsets.UTF_8);
      sealed = from.sealedMasterKey();
    }

    RawKeyFile with(Consumer<RawKeyFile> edit) {
      edit.accept(this);
      return this;
    }

    byte[] toBytes() {
      try {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buffer);
        out.write(magic);
        out.writeByte(version);
        out.writeInt((int) memoryKiB);
        out.writeInt((int) iterations);
        out.writeInt((int) parallelism);
        out.writeByte(saltLengthOverride >= 0 ? saltLengthOverride : salt.length);
        out.write(salt);
        out.writeShort(idLengthOverride >= 0 ? idLengthOverride : id.length);
        out.write(id);
        out.writeLong(createdSeconds);
        out.writeInt((int) createdNanos);
        out.writeShort(labelLengthOverride >= 0 ? labelLengthOverride : label.length);
        out.write(label);
        out.writeByte(sealed.length);
        out.write(sealed);
        return buffer.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
