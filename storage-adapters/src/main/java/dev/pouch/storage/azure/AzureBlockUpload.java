package dev.pouch.storage.azure;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.BlobImmutabilityPolicy;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One large put: blocks staged in parallel, then one {@code Put Block List} that makes them the blob atomically.
 *
 * <p>At most {@code concurrency} blocks are in memory at once; each is read from the replayable content when its
 * turn comes. Block IDs carry a random per-upload nonce, so two writers of the same blob never overwrite each
 * other's staged blocks. There is nothing to abort on failure: the service discards uncommitted blocks by itself
 * (after a week, or as soon as any writer commits the blob), and they are never visible as blob content.
 */
final class AzureBlockUpload {

  private final ExecutorService executor;
  private final int concurrency;
  private final AzureErrors errors;

  AzureBlockUpload(ExecutorService executor, int concurrency, AzureErrors errors) {
    this.executor = executor;
    this.concurrency = concurrency;
    this.errors = errors;
  }

  /** The block size for {@code length} bytes: at least {@code configured}, large enough for 50,000 blocks. */
  static long blockSize(long length, long configured) {
    long needed = (length + AzureBackendConfig.MAX_BLOCKS - 1) / AzureBackendConfig.MAX_BLOCKS;
    if (needed <= configured) {
      return configured;
    }
    long mib = 1024L * 1024;
    return (needed + mib - 1) / mib * mib;
  }

  /**
   * Stages and commits {@code content} as one blob.
   *
   * @param immutability the version-level immutability policy the commit gives the blob, or null
   */
  void upload(BlockBlobClient blob, BlobKey key, BlobContent content, long blockSizeBytes, PutMode mode,
      BlobImmutabilityPolicy immutability) throws StorageException {
    long length = content.length();
    if (blockSizeBytes > AzureBackendConfig.MAX_BLOCK_SIZE_BYTES) {
      // only a blob of more than 50,000 blocks of 2047 MiB grows blocks this far
      throw errors.blockTooLarge(key, length, blockSizeBytes);
    }
    int count = Math.toIntExact((length + blockSizeBytes - 1) / blockSizeBytes);
    String nonce = UUID.randomUUID().toString().replace("-", "");
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      // every block ID of a blob must have the same length before encoding
      ids.add(Base64.getEncoder().encodeToString(
          String.format("%s-%06d", nonce, i).getBytes(StandardCharsets.US_ASCII)));
    }
    Semaphore inFlight = new Semaphore(concurrency);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try {
      for (int i = 0; i < count && failure.get() == null; i++) {
        inFlight.acquire();
        long offset = i * blockSizeBytes;
        // exact: a truncated length would commit a blob shorter than its content
        int blockLength = Math.toIntExact(Math.min(blockSizeBytes, length - offset));
        String id = ids.get(i);
        try {
          executor.execute(() -> {
            try {
              if (failure.get() == null) {
                blob.stageBlock(id, BinaryData.fromBytes(content.read(offset, blockLength)));
              }
            } catch (Throwable t) {
              failure.compareAndSet(null, t);
            } finally {
              inFlight.release();
            }
          });
        } catch (RejectedExecutionException e) {
          inFlight.release();
          failure.compareAndSet(null, e);
        }
      }
      inFlight.acquire(concurrency); // every staged block has finished, failed or not
      inFlight.release(concurrency);
    } catch (InterruptedException e) {
      throw errors.interrupted("put", key, e);
    }
    Throwable t = failure.get();
    if (t != null) {
      throw classify(key, t);
    }
    BlockBlobCommitBlockListOptions commit = new BlockBlobCommitBlockListOptions(ids);
    if (mode == PutMode.CREATE_IF_ABSENT) {
      commit.setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*"));
    }
    if (immutability != null) {
      commit.setImmutabilityPolicy(immutability);
    }
    try {
      blob.commitBlockListWithResponse(commit, null, Context.NONE);
    } catch (RuntimeException e) {
      StorageException translated = errors.translate("put", key, e);
      if (mode == PutMode.CREATE_IF_ABSENT && errors.isDiscardedBlocks(e) && exists(blob)) {
        // a racing writer committed first, which discarded our staged blocks before our condition was checked
        throw errors.alreadyExists(key, e);
      }
      throw translated;
    }
  }

  private static boolean exists(BlockBlobClient blob) {
    try {
      return blob.exists();
    } catch (RuntimeException e) {
      return false; // the commit's own failure is reported instead
    }
  }

  private StorageException classify(BlobKey key, Throwable t) {
    if (t instanceof IOException e) {
      return errors.contentUnreadable(key, e);
    }
    if (t instanceof RejectedExecutionException e) {
      return errors.executorRejected(key, e);
    }
    if (t instanceof RuntimeException e) {
      return errors.translate("put", key, e);
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(t);
  }
}
