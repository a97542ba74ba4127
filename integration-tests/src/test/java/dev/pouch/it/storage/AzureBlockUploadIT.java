package dev.pouch.it.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.specialized.BlockBlobClient;
import dev.pouch.it.servers.AzuriteServer;
import dev.pouch.it.servers.TestServers;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageException;
import dev.pouch.storage.azure.AzureBlobStorageBackend;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Large Azure puts against Azurite: staged blocks committed in one list, failures never visible, one race winner. */
@ExtendWith(TestServers.class)
class AzureBlockUploadIT {

  private static final int BLOCK = 256 * 1024;

  private final AzuriteServer server;
  private final String container;
  private final AzureBlobStorageBackend backend;

  AzureBlockUploadIT(AzuriteServer server) {
    this.server = server;
    this.container = server.createContainer();
    this.backend = AzureBlobStorageBackend.create(server.configFor(container).prefix("repo")
        .blockSizeBytes(BLOCK).singleUploadThresholdBytes(2L * BLOCK).uploadConcurrency(3).build());
  }

  @AfterEach
  void close() {
    backend.close();
  }

  private BlockBlobClient raw(String name) {
    return server.adminClient().getBlobContainerClient(container).getBlobClient(name).getBlockBlobClient();
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  @Test
  void largePutIsCommittedFromStagedBlocks() throws Exception {
    byte[] bytes = random(4 * BLOCK + 123, 1);

    backend.put(BlobKey.of("pack"), BlobContent.of(bytes), PutMode.CREATE_IF_ABSENT);

    assertThat(raw("repo/pack").listBlocks(BlockListType.COMMITTED).getCommittedBlocks())
        .extracting(b -> b.getSizeLong())
        .containsExactly((long) BLOCK, (long) BLOCK, (long) BLOCK, (long) BLOCK, 123L);
    try (InputStream in = backend.open(BlobKey.of("pack"))) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
  }

  @Test
  void contentFailingWhileStagingLeavesNoBlob() {
    BlobContent failsInFourthBlock = new BlobContent() {
      @Override
      public long length() {
        return 5L * BLOCK;
      }

      @Override
      public InputStream open(long offset, long length) throws IOException {
        if (offset >= 3L * BLOCK) {
          throw new IOException("source vanished (injected)");
        }
        return new ByteArrayInputStream(new byte[(int) length]);
      }
    };

    assertThatThrownBy(() -> backend.put(BlobKey.of("broken"), failsInFourthBlock, PutMode.CREATE_OR_REPLACE))
        .isInstanceOf(StorageException.Rejected.class)
        .hasMessageContaining("source vanished");

    // staged blocks stay uncommitted (the service discards them later) and are never blob content
    assertThat(raw("repo/broken").exists()).isFalse();
  }

  @Test
  void racingStagedCreatesHaveOneWinner() throws Exception {
    List<byte[]> contents = List.of(random(3 * BLOCK + 1, 2), random(3 * BLOCK + 2, 3), random(3 * BLOCK + 3, 4));
    ExecutorService writers = Executors.newFixedThreadPool(contents.size());
    try {
      CyclicBarrier start = new CyclicBarrier(contents.size());
      List<Future<Boolean>> outcomes = new ArrayList<>();
      for (byte[] content : contents) {
        outcomes.add(writers.submit(() -> {
          start.await();
          try {
            backend.put(BlobKey.of("lock"), BlobContent.of(content), PutMode.CREATE_IF_ABSENT);
            return true;
          } catch (StorageException.AlreadyExists lost) {
            return false;
          }
        }));
      }
      List<Integer> winners = new ArrayList<>();
      for (int i = 0; i < outcomes.size(); i++) {
        if (outcomes.get(i).get()) {
          winners.add(i);
        }
      }

      assertThat(winners).hasSize(1);
      try (InputStream in = backend.open(BlobKey.of("lock"))) {
        assertThat(in.readAllBytes()).isEqualTo(contents.get(winners.get(0)));
      }
    } finally {
      writers.shutdownNow();
    }
  }
}
