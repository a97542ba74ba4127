package dev.pouch.storage.retry;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.ByteRange;
import dev.pouch.storage.Capabilities;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.Sleeper;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * A {@link StorageBackend} decorator that retries failed calls with full-jitter exponential backoff, within the
 * attempt budget of a {@link RetryPolicy}.
 *
 * <p><b>What is retried.</b>
 * <ul>
 *   <li>{@link StorageException.Transient} on every operation: it is known not to have taken effect.</li>
 *   <li>{@link StorageException.OutcomeUnknown} on open, stat, list and delete: they change nothing or are
 *       idempotent, so repeating them is safe whatever happened.</li>
 *   <li>Never {@link StorageException.AlreadyExists}, {@link StorageException.NotFound},
 *       {@link StorageException.AccessDenied}, {@link StorageException.Rejected} or
 *       {@link StorageException.ContainerMissing}: the same call would fail the same way.</li>
 *   <li>Open and list are retried for the call itself only. A stream that fails while being read, or a listing that
 *       fails while paging, surfaces to the caller, who knows how much it has consumed.</li>
 * </ul>
 *
 * <p><b>A put whose outcome is unknown</b> (the request was sent, the reply lost) may have taken effect.
 * <ul>
 *   <li>On a <em>content-addressed</em> key (as the caller's predicate says) it is simply put again: whoever wrote
 *       the key wrote these bytes. With {@link PutMode#CREATE_IF_ABSENT}, an {@link StorageException.AlreadyExists}
 *       after an unknown outcome therefore counts as success.</li>
 *   <li>On any other key it is <em>resolved</em> before anything is sent again: stat the key and, if a blob of the
 *       expected length is there, read it back and compare it with the content.
 *     <ul>
 *       <li>No blob, or (create-or-replace) a different one: the put did not take effect; put again.</li>
 *       <li>Create-or-replace and the blob holds exactly this content: success.</li>
 *       <li>Create-if-absent and the blob holds exactly this content: it may be ours or another writer's identical
 *           blob, so the put fails with {@link StorageException.OutcomeUnknown} for the caller to decide.</li>
 *       <li>Create-if-absent and the blob differs: another writer holds the key;
 *           {@link StorageException.AlreadyExists}.</li>
 *     </ul>
 *   </li>
 *   <li>If the budget runs out after any attempt had an unknown outcome, the put fails with
 *       {@link StorageException.OutcomeUnknown}, never with a {@link StorageException.Transient} that would claim
 *       nothing happened.</li>
 * </ul>
 *
 * <p><b>Unreachable endpoints.</b> Until the service has answered any call of this backend, a call that cannot
 * connect at all ({@link StorageException.Transient#unreachable()}) gets only {@link RetryPolicy#unreachableAttempts()}
 * attempts, so a wrong endpoint fails in seconds; once it has answered, refused connections get the full budget,
 * as a restart or failover in the middle of a backup should.
 *
 * <p>The final exception carries the failures of earlier attempts as suppressed exceptions. Thread-safe if the
 * wrapped backend is; the random generator is used under a lock.
 */
public final class RetryingStorageBackend implements StorageBackend {

  private final StorageBackend inner;
  private final RetryPolicy policy;
  private final Predicate<BlobKey> contentAddressed;
  private final RandomGenerator random; // guarded by itself
  private final Sleeper sleeper;
  // whether the service has answered any call (even with an error): from then on, refused connections are blips
  private volatile boolean answered;

  private RetryingStorageBackend(StorageBackend inner, RetryPolicy policy, Predicate<BlobKey> contentAddressed,
      RandomGenerator random, Sleeper sleeper) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.contentAddressed = Objects.requireNonNull(contentAddressed, "contentAddressed");
    this.random = Objects.requireNonNull(random, "random");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /**
   * Wraps {@code inner}.
   *
   * @param contentAddressed true for keys whose bytes are determined by the key (packs), which may be re-put blindly
   * @param random draws the jitter
   * @param sleeper waits between attempts
   */
  public static RetryingStorageBackend of(StorageBackend inner, RetryPolicy policy,
      Predicate<BlobKey> contentAddressed, RandomGenerator random, Sleeper sleeper) {
    return new RetryingStorageBackend(inner, policy, contentAddressed, random, sleeper);
  }

  /** The policy this backend retries by. */
  public RetryPolicy policy() {
    return policy;
  }

  @Override
  public Capabilities capabilities() {
    return inner.capabilities();
  }

  @Override
  public void put(BlobKey key, BlobContent content, PutMode mode) throws StorageException {
    boolean rewritable = contentAddressed.test(key);
    List<StorageException> failures = new ArrayList<>();
    StorageException.OutcomeUnknown unknown = null; // set once any attempt may have taken effect
    for (int attempt = 1; ; attempt++) {
      boolean send = true;
      if (unknown != null && !rewritable) {
        Resolution resolution = resolve(key, content, unknown, failures);
        if (resolution == Resolution.SAME && mode == PutMode.CREATE_OR_REPLACE) {
          return;
        }
        if (resolution == Resolution.SAME) {
          throw withEarlier(outcomeUnknown(unknown, null, IDENTICAL), failures);
        }
        if (resolution == Resolution.DIFFERENT && mode == PutMode.CREATE_IF_ABSENT) {
          throw withEarlier(new StorageException.AlreadyExists("put", key, inner.describe(), unknown), failures);
        }
        send = resolution != null; // null: resolving failed retryably, try again after the back-off
      }
      if (send) {
        try {
          inner.put(key, content, mode);
          answered = true;
          return;
        } catch (StorageException.OutcomeUnknown e) {
          answered = true;
          unknown = unknown == null ? e : unknown;
          failures.add(e);
        } catch (StorageException.AlreadyExists e) {
          answered = true;
          if (unknown == null || mode != PutMode.CREATE_IF_ABSENT) {
            throw withEarlier(e, failures);
          }
          if (rewritable) {
            return; // our earlier attempt, or another writer of the same bytes
          }
          // our earlier attempt may have landed after the stat that resolved it as absent
          Resolution resolution = resolve(key, content, unknown, failures);
          throw withEarlier(resolution == Resolution.DIFFERENT ? e
              : outcomeUnknown(unknown, e, resolution == Resolution.SAME ? IDENTICAL : "could not be resolved"),
              failures);
        } catch (StorageException e) {
          noteAnswer(e);
          if (!e.isRetryable()) {
            throw withEarlier(unknown == null ? e : outcomeUnknown(unknown, e, "a later attempt failed"), failures);
          }
          failures.add(e);
        }
      }
      if (attempt >= budget(failures) || !backOff(attempt, failures)) {
        StorageException last = failures.remove(failures.size() - 1);
        throw withEarlier(unknown == null ? last : outcomeUnknown(unknown, last,
            "gave up after " + attempt + " attempts, at least one of which may have taken effect"), failures);
      }
    }
  }

  @Override
  public InputStream open(BlobKey key, ByteRange range) throws StorageException {
    return withRetries(() -> inner.open(key, range));
  }

  @Override
  public Optional<BlobInfo> stat(BlobKey key) throws StorageException {
    return withRetries(() -> inner.stat(key));
  }

  @Override
  public Stream<BlobInfo> list(String prefix) throws StorageException {
    return withRetries(() -> inner.list(prefix));
  }

  @Override
  public void delete(BlobKey key) throws StorageException {
    withRetries(() -> {
      inner.delete(key);
      return null;
    });
  }

  @Override
  public String describe() {
    return inner.describe();
  }

  @Override
  public Optional<StorageBackend> decorated() {
    return Optional.of(inner);
  }

  @Override
  public void close() throws StorageException {
    inner.close();
  }

  // ---------------------------------------------------------------- resolving unknown outcomes

  private enum Resolution {
    /** No blob under the key. */
    ABSENT,
    /** A blob with exactly the content being put. */
    SAME,
    /** A blob with other content. */
    DIFFERENT
  }

  private static final String IDENTICAL =
      "the key holds identical content; it cannot be told whether this put created it";

  /**
   * Finds out what the key holds now. A retryable failure of stat or the read-back is added to {@code failures} and
   * yields null; any other failure ends the put with {@link StorageException.OutcomeUnknown}.
   */
  private Resolution resolve(BlobKey key, BlobContent content, StorageException.OutcomeUnknown unknown,
      List<StorageException> failures) throws StorageException {
    try {
      Optional<BlobInfo> found = inner.stat(key);
      if (found.isEmpty()) {
        return Resolution.ABSENT;
      }
      if (found.get().sizeBytes() != content.length()) {
        return Resolution.DIFFERENT;
      }
      return sameContent(key, content);
    } catch (StorageException e) {
      if (e.isRetryable() || e instanceof StorageException.OutcomeUnknown) {
        failures.add(e);
        return null;
      }
      throw withEarlier(outcomeUnknown(unknown, e, "resolving it failed"), failures);
    }
  }

  /** Compares the stored blob with {@code content}, byte for byte. */
  private Resolution sameContent(BlobKey key, BlobContent content) throws StorageException {
    byte[] stored = new byte[64 * 1024];
    byte[] expected = new byte[stored.length];
    try (InputStream blob = inner.open(key); InputStream source = content.open()) {
      while (true) {
        int n = blob.readNBytes(stored, 0, stored.length);
        int m = source.readNBytes(expected, 0, expected.length);
        if (n != m || !Arrays.equals(stored, 0, n, expected, 0, m)) {
          return Resolution.DIFFERENT;
        }
        if (n < stored.length) {
          return Resolution.SAME;
        }
      }
    } catch (StorageException.NotFound e) {
      return Resolution.ABSENT; // deleted since the stat
    } catch (StorageException e) {
      throw e;
    } catch (IOException e) {
      throw new StorageException.Transient("put", key, inner.describe(),
          "reading back to resolve an unknown outcome failed: " + e.getMessage(), e);
    }
  }

  private StorageException.OutcomeUnknown outcomeUnknown(StorageException.OutcomeUnknown first, Throwable cause,
      String reason) {
    StorageException.OutcomeUnknown result =
        new StorageException.OutcomeUnknown("put", first.key(), first.backend(), reason, cause);
    if (cause != first) {
      result.addSuppressed(first);
    }
    return result;
  }

  // ---------------------------------------------------------------- the generic loop

  @FunctionalInterface
  private interface Call<T> {
    T run() throws StorageException;
  }

  /** Retries a call without side effects (or an idempotent one) on transient and unknown outcomes. */
  private <T> T withRetries(Call<T> call) throws StorageException {
    List<StorageException> failures = new ArrayList<>();
    for (int attempt = 1; ; attempt++) {
      try {
        T result = call.run();
        answered = true;
        return result;
      } catch (StorageException e) {
        noteAnswer(e);
        boolean retryable = e.isRetryable() || e instanceof StorageException.OutcomeUnknown;
        if (!retryable) {
          throw withEarlier(e, failures);
        }
        failures.add(e);
      }
      if (attempt >= budget(failures) || !backOff(attempt, failures)) {
        StorageException last = failures.remove(failures.size() - 1);
        throw withEarlier(last, failures);
      }
    }
  }

  /** Any failure but a failed connect shows that the service is there. */
  private void noteAnswer(StorageException e) {
    if (!(e instanceof StorageException.Transient t && t.unreachable())) {
      answered = true;
    }
  }

  /** Attempts allowed for a call whose latest failure is the last of {@code failures}. */
  private int budget(List<StorageException> failures) {
    StorageException last = failures.isEmpty() ? null : failures.get(failures.size() - 1);
    boolean unreachable = last instanceof StorageException.Transient t && t.unreachable();
    return unreachable && !answered ? policy.unreachableAttempts() : policy.maxAttempts();
  }

  /** Waits before retry {@code attempt}; false (with the interrupt flag restored) when interrupted. */
  private boolean backOff(int attempt, List<StorageException> failures) {
    long capNanos = policy.delayCap(attempt).toNanos();
    long delayNanos;
    synchronized (random) {
      delayNanos = capNanos == 0 ? 0 : random.nextLong(capNanos + 1);
    }
    try {
      sleeper.sleep(Duration.ofNanos(delayNanos));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failures.get(failures.size() - 1).addSuppressed(e);
      return false;
    }
  }

  private static StorageException withEarlier(StorageException last, List<StorageException> earlier) {
    for (StorageException e : earlier) {
      if (e != last && e != last.getCause()) {
        last.addSuppressed(e);
      }
    }
    return last;
  }
}
