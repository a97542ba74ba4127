package dev.pouch.agent.backup;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.compression.ChunkCompressor;
import dev.pouch.agent.concurrent.FirstFailure;
import dev.pouch.agent.index.ChunkIndex;
import dev.pouch.agent.pack.PackContents;
import dev.pouch.agent.pack.PackSpool;
import dev.pouch.agent.pack.PackWriter;
import dev.pouch.agent.repository.Repository;
import dev.pouch.crypto.Aead;
import dev.pouch.crypto.ContentIdKey;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns chunks into stored packs: each chunk is hashed (on the caller's thread with {@link #add}, on a worker with
 * {@link #submit}) and dropped when the repository or this pipeline already has it; worker threads compress, seal,
 * append to the current pack and upload full packs. A semaphore bounds the chunks in flight and packs fill in a
 * {@link PackSpool} on disk, so memory stays bounded whatever the source or pack size: at most {@code 2 x workers}
 * chunks and one sealing buffer.
 */
public final class ChunkPipeline implements AutoCloseable {

  /** How long {@link #close} waits for uploads in flight: less than a container's usual grace period on shutdown. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

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
  private final PackSpool spool;
  private final Object packLock = new Object();
  private PackWriter current; // null until a chunk needs it
  private byte[] scratch; // the sealing buffer, handed from each pack to the next (guarded by packLock)
  private boolean closed; // guarded by packLock: a worker still running after close must not start a pack

  /** A pipeline whose packs fill in the JVM's temporary directory. */
  public ChunkPipeline(Repository repository, ChunkIndex index, int threads) {
    this(repository, index, threads, PackSpool.temporary());
  }

  public ChunkPipeline(Repository repository, ChunkIndex index, int threads, PackSpool spool) {
    this.repository = repository;
    this.spool = spool;
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
        throw FirstFailure.rethrow(e.getCause());
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
    // the lock is short, and no sealed copy of the chunk is kept.
    PackWriter full = compressor.compress(raw, (payload, offset, length, compressed) -> {
      synchronized (packLock) {
        if (closed) {
          throw new InterruptedIOException("pipeline closed");
        }
        if (current == null) {
          // on the first new chunk: a backup that adds nothing creates no pack
          current = new PackWriter(aead, epoch, spool, scratch);
        }
        try {
          current.seal(id, payload, offset, length, raw.length, compressed);
        } catch (IOException | RuntimeException e) {
          // A failed write leaves the pack unusable; the next chunk (if the backup goes on at all) starts a new one.
          PackWriter broken = current;
          current = null;
          scratch = broken.scratch();
          try {
            broken.close();
          } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
          }
          throw e;
        }
        if (!current.full(packTargetBytes)) {
          return null;
        }
        PackWriter filled = current;
        current = null;
        scratch = filled.scratch();
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
    try (pack; PackWriter.FinishedPack finished = pack.finish()) {
      finished.storeIn(repository.backend());
      bytesStored.addAndGet(finished.length());
      synchronized (written) {
        written.add(finished.contents());
      }
      index.add(finished.contents());
    }
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
      if (last != null) {
        upload(last);
      }
      synchronized (written) {
        return new Result(List.copyOf(written), bytesAdded.get(), bytesStored.get(), chunksNew.get());
      }
    } finally {
      inFlight.release(permits);
    }
  }

  /**
   * Stops the workers, waits up to {@link #CLOSE_WAIT} for an upload that does not stop at the interrupt (an SDK call
   * in flight) so that none goes on after the backup has ended and released its lock, and discards a pack left
   * unfinished by a failure.
   */
  @Override
  public void close() {
    PackWriter unfinished;
    synchronized (packLock) {
      closed = true;
      unfinished = current;
      current = null;
    }
    workers.shutdownNow();
    try {
      workers.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (unfinished != null) {
      try {
        unfinished.close();
      } catch (IOException e) {
        // only a spool file to drop, and the backup has failed or finished already
      }
    }
  }
}
