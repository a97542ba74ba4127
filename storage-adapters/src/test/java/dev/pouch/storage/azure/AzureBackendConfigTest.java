package dev.pouch.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class AzureBackendConfigTest {

  @Test
  void noAccessToStringShowsASecret() {
    AzureBackendConfig.Access[] accesses = {
        new AzureBackendConfig.ConnectionString("AccountName=a;AccountKey=c2VjcmV0LWtleQ=="),
        new AzureBackendConfig.SharedKey(URI.create("https://a.blob.core.windows.net"), "a", "c2VjcmV0LWtleQ=="),
        new AzureBackendConfig.SasToken(URI.create("https://a.blob.core.windows.net"), "sv=2024&sig=c2VjcmV0")};
    for (AzureBackendConfig.Access access : accesses) {
      String text = AzureBackendConfig.builder("container", access).build().toString();
      assertThat(text).doesNotContain("c2VjcmV0");
    }
  }

  @Test
  void containerNamesFollowAzureRules() {
    AzureBackendConfig.Access access = new AzureBackendConfig.ConnectionString("x");
    assertThat(AzureBackendConfig.builder("my-container-1", access).build().container()).isEqualTo("my-container-1");
    assertThatThrownBy(() -> AzureBackendConfig.builder("double--hyphen", access).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AzureBackendConfig.builder("Upper", access).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AzureBackendConfig.builder("ab", access).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void blockSizeGrowsSoABlobNeedsAtMostFiftyThousandBlocks() {
    long mib = 1024L * 1024;
    assertThat(AzureBlockUpload.blockSize(100 * mib, 8 * mib)).isEqualTo(8 * mib);
    assertThat(AzureBlockUpload.blockSize(mib + 123, 256 * 1024)).as("small blocks stay small")
        .isEqualTo(256 * 1024);
    long length = 8 * mib * 50_000 + 1;
    long block = AzureBlockUpload.blockSize(length, 8 * mib);
    assertThat((length + block - 1) / block).isLessThanOrEqualTo(50_000);
    assertThat(block).isEqualTo(9 * mib);
  }
}
