package dev.pouch.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AeadContextTest {
  private static final HexFormat HEX = HexFormat.of();

  // Golden bytes: the AAD is part of the repository format; changing it makes every stored object unreadable.
  @Test
  void aadIsLengthPrefixedUtf8FieldsThenEpoch() {
    byte[] aad = new AeadContext("pack", "ü1", 7).aad();

    assertThat(HEX.formatHex(aad)).isEqualTo("00000004" + "7061636b" + "00000003" + "c3bc31" + "00000007");
  }

  @Test
  void fieldBoundariesCannotBeShifted() {
    assertThat(new AeadContext("ab", "c", 1).aad()).isNotEqualTo(new AeadContext("a", "bc", 1).aad());
  }

  @Test
  void emptyIdIsAllowed() {
    assertThat(HEX.formatHex(new AeadContext("config", "", 0).aad()))
        .isEqualTo("00000006" + "636f6e666967" + "00000000" + "00000000");
  }

  @Test
  void rejectsEmptyTypeNegativeEpochAndUnpairedSurrogates() {
    assertThatThrownBy(() -> new AeadContext("", "id", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AeadContext("pack", "id", -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AeadContext("pack", "a\uD800", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AeadContext("\uDC00", "id", 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
