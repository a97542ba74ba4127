package dev.pouch.agent.capture;

import dev.pouch.wombat.sst.SstValidation;
import dev.pouch.wombat.sst.StreamingSstValidator;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Checks new SSTables' blocks on one background thread, in the order the backup read their bytes, so the reading
 * thread hands over a copy instead of inflating every block itself: on SSTable-heavy data the reading thread was the
 * backup's bottleneck, and inflating was half of its work. At most {@link #MAX_PENDING_BYTES} wait to be checked; the
 * thread ends when idle, so a sidecar's many backups leave none behind. {@link #drain} waits for every check handed
 * over so far and reports a failure of the checks themselves.
 */
final class BackgroundBlockChecks {

  static final int MAX_PENDING_BYTES = 32 << 20;

  // One thread (maximum 1, FIFO queue): the bytes of a table must reach its validator in order.
  private final ThreadPoolExecutor thread = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "pouch-sst-check");
        t.setDaemon(true);
        return t;
      });
  private final Semaphore pending = new Semaphore(MAX_PENDING_BYTES);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  /** Hands a copy of {@code bytes[offset, offset + length)} to {@code validator}, waiting while too much is pending. */
  void accept(StreamingSstValidator validator, byte[] bytes, int offset, int length) throws IOException {
    rethrow();
    byte[] copy = Arrays.copyOfRange(bytes, offset, offset + length);
    int permits = Math.min(length, MAX_PENDING_BYTES);
    try {
      pending.acquire(permits);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("backup interrupted");
    }
    thread.execute(() -> {
      try {
        if (failure.get() == null) {
          validator.accept(copy, 0, copy.length);
        }
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      } finally {
        pending.release(permits);
      }
    });
  }

  /** After the last bytes of a table: hands its result to {@code result} and closes the validator. */
  void finish(StreamingSstValidator validator, Consumer<SstValidation> result) {
    thread.execute(() -> {
      try {
        result.accept(validator.finish());
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
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
      throw new IllegalStateException("SSTable check thread failed", e.getCause());
    }
    rethrow();
  }

  private void rethrow() throws IOException {
    Throwable t = failure.get();
    if (t instanceof IOException e) {
      throw e;
    }
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
  }
}
