package dev.pouch.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Argon2idParamsTest {
  @Test
  void defaultsAre64MiBThreeIterationsTwoLanes() {
    assertThat(Argon2idParams.defaults()).isEqualTo(new Argon2idParams(65536, 3, 2));
  }

  @Test
  void testParametersAreTiny() {
    assertThat(Argon2idParams.forTests()).isEqualTo(new Argon2idParams(64, 1, 1));
  }

  @Test
  void acceptsTheBoundaries() {
    assertThat(new Argon2idParams(8, 1, 1)).isNotNull();
    assertThat(new Argon2idParams(Argon2idParams.MAX_MEMORY_KIB, 64, 64)).isNotNull();
  }

  @Test
  void rejectsOutOfRangeValues() {
    assertThatThrownBy(() -> new Argon2idParams(15, 1, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Argon2idParams(Argon2idParams.MAX_MEMORY_KIB + 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Argon2idParams(64, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Argon2idParams(64, 65, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Argon2idParams(1024, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Argon2idParams(1024, 1, 65)).isInstanceOf(IllegalArgumentException.class);
  }
}
