package dev.pouch.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MasterKeyTest {
  private final SecureRandom rng = new SecureRandom();

  @Test
  void randomMasterKeysDiffer() {
    assertThat(MasterKey.random(rng)).isNotEqualTo(MasterKey.random(rng));
  }

  @Test
  void aeadRoundTrips() throws Exception {
    MasterKey master = MasterKey.random(rng);
    AeadContext context = new AeadContext("keyring", "", 0);

    assertThat(master.aead().open(master.aead().seal(new byte[] {9}, context), context)).containsExactly(9);
  }

  @Test
  void toStringShowsNoKeyMaterial() {
    MasterKey master = MasterKey.random(rng);
    String hex = HexFormat.of().formatHex(master.key().copyBytes());

    assertThat(master.toString()).doesNotContain(hex.substring(0, 8)).doesNotContain(hex.substring(56));
  }

  @Test
  void destroyZeroesTheKey() {
    MasterKey master = MasterKey.random(rng);

    master.destroy();

    assertThat(master.isDestroyed()).isTrue();
    assertThatThrownBy(() -> master.key().copyBytes()).isInstanceOf(IllegalStateException.class);
  }
}
