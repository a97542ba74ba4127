package dev.pouch.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Version 1 key file and keyring written by an earlier build and checked in. If these fail, this build cannot read
 * existing repositories: bump the format version instead of changing the layout, KDF wiring or AAD.
 */
class FormatFixtureTest {

  @Test
  void keyFileVersion1UnwrapsToTheKnownMasterKey() throws Exception {
    KeyFile keyFile = KeyFile.parse(resource("keyfile-v1.bin"));

    MasterKey master = keyFile.unwrap("correct horse battery staple".toCharArray());

    assertThat(keyFile.id()).isEqualTo("fixture-1");
    assertThat(keyFile.params()).isEqualTo(Argon2idParams.forTests());
    assertThat(keyFile.created()).isEqualTo(Instant.parse("2026-11-25T12:00:00.123456789Z"));
    assertThat(keyFile.label()).isEqualTo("pouch crypto test fixture");
    assertThat(HexFormat.of().formatHex(master.key().copyBytes()))
        .isEqualTo("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  }

  @Test
  void keyringVersion1OpensDataOfEpochOneAndKeepsItsContentIds() throws Exception {
    Keyring keyring = Keyring.parse(resource("keyring-v1.bin"));

    byte[] opened = keyring.aead(1).open(resource("epoch1-sealed.bin"), new AeadContext("snapshot", "fixture", 1));

    assertThat(keyring.epochs()).containsExactly(1, 2);
    assertThat(new String(opened, StandardCharsets.UTF_8)).isEqualTo("sealed under epoch 1");
    assertThat(HexFormat.of().formatHex(keyring.contentIdKey().id("pouch".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("610cbb4aa0a8374d47d6709ee2389d2bd645fa6ff664aee5698dc3ff8652e276");
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = FormatFixtureTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }
}
