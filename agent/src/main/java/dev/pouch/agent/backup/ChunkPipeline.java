package dev.pouch.agent.backup;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.compression.ChunkCompressor;
import dev.pouch.agent.concurrent.FirstFailure;
import dev.pouch.agent.index.ChunkIndex;
import dev.pouch.agent.pack.PackContents;
import dev.pouch.agent.pack.PackWriter;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.crypto.Aead;
import dev.pouch.crypto.ContentIdKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns chunks into stored packs: each chunk is hashed (on the caller's thread with {@link #add}, on a worker with
 * {@link #submit}) and dropped when the repository or this pipeline already has it; worker threads compress, seal,
 * append to the current pack and upload full packs. A semaphore bounds the chunks in flight, so
 * memory stays bounded whatever the source size: at most {@code 2 x workers} chunks plus the packs being uploaded.
 */
public final class ChunkPipeline implements AutoCloseable {

  private final Repository repository;
  private final ChunkIndex index;
  private final ContentIdKey idKey;
  private final ChunkCompressor compressor;
  private final Aead aead;
  private final int epoch;
  private final int packTargetBytes;
  private final ExecutorService workers;
  private final int permits;
  private final Semaphore inFlight;
  private final Set<ChunkId> pending = ConcurrentHashMap.newKeySet();
  private final List<PackContents> written = new ArrayList<>();
  private final FirstFailure failure = new FirstFailure();
  private final AtomicLong bytesAdded = new AtomicLong();
  private final AtomicLong bytesStored = new AtomicLong();
  private final AtomicLong chunksNew = new AtomicLong();
  private final Object packLock = new Object();
  // Buffers of uploaded packs, filled again by the next packs: a new 18 MiB buffer per pack made the collector copy
  // and promote every pack, about half of a backup's GC time.
  private final ConcurrentLinkedQueue<byte[]> spareBuffers = new ConcurrentLinkedQueue<>();
  private PackWriter current; // null until a chunk needs it

  public ChunkPipeline(Repository repository, ChunkIndex index, int threads) {
    this.repository = repository;
    this.index = index;
    this.idKey = repository.contentIdKey();
    this.compressor = repository.compressor();
    this.epoch = repository.keyring().currentEpoch();
    this.aead = repository.keyring().currentAead();
    this.packTargetBytes = repository.config().packTargetBytes();
    int n = Math.max(1, threads);
    this.workers = Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r, "pouch-pack");
      t.setDaemon(true);
      return t;
    });
    this.permits = 2 * n;
    this.inFlight = new Semaphore(permits);
  }

  /** What the pipeline stored. */
  public record Result(List<PackContents> packs, long bytesAdded, long bytesStored, long chunksNew) {}

  /** Hashes a chunk and schedules it for storage unless the repository already has it; returns its id. */
  public ChunkId add(byte[] raw) throws IOException {
    failure.rethrow();
    ChunkId id = ChunkId.of(idKey.id(raw));
    if (index.contains(id) || !pending.add(id)) {
      return id;
    }
    acquire();
    workers.execute(() -> {
      try {
        store(id, raw);
      } catch (Throwable t) {
        failure.record(t);
      } finally {
        inFlight.release();
      }
    });
    return id;
  }

  /**
   * As {@link #add}, but a worker hashes the chunk as well: in a backup the reading thread (read, cut, hash) was the
   * bottleneck while the workers waited for chunks. Ids come back in the order of the futures, whichever worker ends
   * first; {@link #ids} collects them.
   */
  public CompletableFuture<ChunkId> submit(byte[] raw) throws IOException {
    failure.rethrow();
    acquire();
    CompletableFuture<ChunkId> result = new CompletableFuture<>();
    workers.execute(() -> {
      try {
        ChunkId id = ChunkId.of(idKey.id(raw));
        result.complete(id);
        if (!index.contains(id) && pending.add(id)) {
          store(id, raw);
        }
      } catch (Throwable t) {
        failure.record(t);
        result.completeExceptionally(t);
      } finally {
        inFlight.release();
      }
    });
    return result;
  }

  /** The hex ids of submitted chunks, in order; waits for the ones not hashed yet. */
  public static List<String> ids(List<CompletableFuture<ChunkId>> submitted) throws IOException {
    List<String> ids = new ArrayList<>(submitted.size());
    for (CompletableFuture<ChunkId> id : submitted) {
      try {
        ids.add(id.join().hex());
      } catch (CompletionException e) {
        if (e.getCause() instanceof IOException io) {
          throw io;
        }
        throw new IOException("hashing a chunk failed", e.getCause());
      }
    }
    return ids;
  }

  private void acquire() throws InterruptedIOException {
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("backup interrupted");
    }
  }

  private void store(ChunkId id, byte[] raw) throws IOException {
    if (failure.happened()) {
      return;
    }
    // Sealed under the pack lock straight into the pack: AES-GCM is ~20x faster than the compression before it, so
    // the lock is short, and no sealed copy of the chunk is made.
    PackWriter full = compressor.compress(raw, (payload, offset, length, compressed) -> {
      synchronized (packLock) {
        if (current == null) {
          current = newPack(); // on the first new chunk: a backup that adds nothing allocates no pack
        }
        current.seal(id, payload, offset, length, raw.length, compressed);
        if (current.sizeBytes() < packTargetBytes) {
          return null;
        }
        PackWriter filled = current;
        current = null;
        return filled;
      }
    });
    bytesAdded.addAndGet(raw.length);
    chunksNew.incrementAndGet();
    if (full != null) {
      upload(full);
    }
  }

  private void upload(PackWriter pack) throws IOException {
    PackWriter.FinishedPack finished = pack.finish();
    try {
      repository.backend().put(RepositoryLayout.pack(finished.contents().id()), finished.content(),
          PutMode.CREATE_IF_ABSENT);
    } catch (StorageException.AlreadyExists e) {
      // The name is the content's hash: an identical pack is already stored.
    }
    bytesStored.addAndGet(finished.length());
    spareBuffers.offer(finished.buffer());
    synchronized (written) {
      written.add(finished.contents());
    }
    index.add(finished.contents());
  }

  private PackWriter newPack() {
    return new PackWriter(aead, epoch, packTargetBytes, spareBuffers.poll());
  }

  /** Waits for every scheduled chunk, uploads the last partial pack, and reports what was written. */
  public Result finish() throws IOException {
    try {
      inFlight.acquire(permits);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("backup interrupted");
    }
    try {
      failure.rethrow();
      PackWriter last;
      synchronized (packLock) {
        last = current;
        current = null;
      }
      if (last != null && last.count() > 0) {
        upload(last);
      }
      synchronized (written) {
        return new Result(List.copyOf(written), bytesAdded.get(), bytesStored.get(), chunksNew.get());
      }
    } finally {
      inFlight.release(permits);
    }
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
