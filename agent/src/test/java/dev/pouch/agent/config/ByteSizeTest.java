package dev.pouch.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeTest {

  @Test
  void binaryAndDecimalUnits() {
    assertThat(ByteSize.parse("500GiB").bytes()).isEqualTo(500L << 30);
    assertThat(ByteSize.parse("10GB").bytes()).isEqualTo(10_000_000_000L);
    assertThat(ByteSize.parse("4096").bytes()).isEqualTo(4096);
    assertThat(ByteSize.parse("1.5 KiB").bytes()).isEqualTo(1536);
    assertThat(ByteRate.parse("100MiB/s").bytesPerSecond()).isEqualTo(100L << 20);
  }

  @Test
  void rejectsWhatIsNotASize() {
    assertThatThrownBy(() -> ByteSize.parse("lots")).hasMessageContaining("not a size");
    assertThatThrownBy(() -> ByteSize.parse("5 parsecs")).hasMessageContaining("unknown size unit");
    assertThatThrownBy(() -> ByteRate.parse("100MiB")).hasMessageContaining("not a rate");
  }

  @Test
  void listenAddresses() {
    assertThat(ListenAddress.parse(":9464")).isEqualTo(new ListenAddress("0.0.0.0", 9464));
    assertThat(ListenAddress.parse("[::1]:80")).isEqualTo(new ListenAddress("::1", 80));
    assertThat(ListenAddress.parse("off").isOff()).isTrue();
    assertThatThrownBy(() -> ListenAddress.parse("9464")).hasMessageContaining("HOST:PORT");
  }
}
