package dev.pouch.agent.capture;

import dev.pouch.agent.concurrent.FirstFailure;
import dev.pouch.wombat.sst.SstValidation;
import dev.pouch.wombat.sst.StreamingSstValidator;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Checks new SSTables' blocks on one background thread, in the order the backup read their bytes, so the reading
 * thread hands over a copy instead of inflating every block itself: on SSTable-heavy data the reading thread was the
 * backup's bottleneck, and inflating was half of its work. The copies go into {@link #MAX_PENDING_PIECES} reused
 * pieces of {@link #PIECE_BYTES} (a new array per read added a tenth to the backup's garbage-collection time); the
 * reader waits while all are pending. The thread ends when idle, so a sidecar's many backups leave none behind.
 * {@link #drain} waits for every check handed over so far and reports a failure of the checks themselves.
 */
final class BackgroundBlockChecks {

  static final int PIECE_BYTES = 1 << 20;
  static final int MAX_PENDING_PIECES = 16;

  // One thread (maximum 1, FIFO queue): the bytes of a table must reach its validator in order.
  private final ThreadPoolExecutor thread = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "pouch-sst-check");
        t.setDaemon(true);
        return t;
      });
  private final Semaphore pending = new Semaphore(MAX_PENDING_PIECES);
  private final ConcurrentLinkedQueue<byte[]> spare = new ConcurrentLinkedQueue<>();
  private final FirstFailure failure = new FirstFailure();

  /** Hands a copy of {@code bytes[offset, offset + length)} to {@code validator}, waiting while too much is pending. */
  void accept(StreamingSstValidator validator, byte[] bytes, int offset, int length) throws IOException {
    for (int at = 0; at < length; at += PIECE_BYTES) {
      failure.rethrow();
      int n = Math.min(PIECE_BYTES, length - at);
      try {
        pending.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("backup interrupted");
      }
      byte[] piece = Objects.requireNonNullElseGet(spare.poll(), () -> new byte[PIECE_BYTES]);
      System.arraycopy(bytes, offset + at, piece, 0, n);
      thread.execute(() -> {
        try {
          if (!failure.happened()) {
            validator.accept(piece, 0, n);
          }
        } catch (Throwable t) {
          failure.record(t);
        } finally {
          spare.offer(piece);
          pending.release();
        }
      });
    }
  }

  /** After the last bytes of a table: hands its result to {@code result} and closes the validator. */
  void finish(StreamingSstValidator validator, Consumer<SstValidation> result) {
    thread.execute(() -> {
      try {
        result.accept(validator.finish());
      } catch (Throwable t) {
        failure.record(t);
      } finally {
        validator.close();
      }
    });
  }

  /** Waits until every check handed over so far is done. */
  void drain() throws IOException {
    try {
      thread.submit(() -> { }).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("backup interrupted");
    } catch (ExecutionException e) {
      throw FirstFailure.rethrow(e.getCause());
    }
    failure.rethrow();
  }
}
