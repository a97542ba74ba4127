package dev.pouch.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageException;
import java.io.InputStream;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

  @Test
  void blocksAndSinglePutsLargerThanOneByteArrayAreRefused() {
    long mib = 1024L * 1024;
    AzureBackendConfig.Access access = new AzureBackendConfig.ConnectionString("x");
    AzureBackendConfig largest = AzureBackendConfig.builder("container", access).blockSizeBytes(2047 * mib)
        .singleUploadThresholdBytes(2047 * mib).build();
    assertThat(largest.blockSizeBytes()).isEqualTo(AzureBackendConfig.MAX_BLOCK_SIZE_BYTES);

    // the service takes 4000 MiB blocks, but a block is read into one array
    assertThatThrownBy(() -> AzureBackendConfig.builder("container", access).blockSizeBytes(3000 * mib).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blockSizeBytes").hasMessageContaining("2047 MiB");
    assertThatThrownBy(() -> AzureBackendConfig.builder("container", access).singleUploadThresholdBytes(4500 * mib)
        .build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("singleUploadThresholdBytes").hasMessageContaining("2047 MiB");
  }

  @Test
  void blockTooLargeForOneArrayIsRefusedBeforeAnythingIsStaged() {
    long mib = 1024L * 1024;
    BlobContent huge = new BlobContent() {
      @Override
      public long length() {
        return 10L * 1024 * mib;
      }

      @Override
      public InputStream open(long offset, long length) {
        throw new AssertionError("nothing may be read");
      }
    };
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      AzureBlockUpload upload = new AzureBlockUpload(pool, 2, new AzureErrors("azure://container", "test"));
      // no client: the refusal comes before any request
      assertThatThrownBy(() -> upload.upload(null, BlobKey.of("k"), huge, 4500 * mib, PutMode.CREATE_OR_REPLACE,
          null)).isInstanceOf(StorageException.Rejected.class).hasMessageContaining("2047 MiB");
    } finally {
      pool.shutdownNow();
    }
  }
}
