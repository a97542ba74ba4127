package dev.pouch.storage.fault;

import dev.pouch.storage.BlobKey;
import dev.pouch.storage.StorageOperation;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which calls a fault applies to: calls of one operation, optionally only on some keys, numbered from 1 in the order
 * they reach the rule, selected by number ({@code fromCall..toCall}) and then by chance.
 *
 * @param operation the operation whose calls are counted
 * @param keys only calls whose key matches are counted and selected; null for every call (a list has no key, so it
 *     never matches a key filter)
 * @param fromCall first selected call number, from 1
 * @param toCall last selected call number, inclusive
 * @param probability chance that a call in the range is selected, drawn from the backend's seeded generator
 */
public record When(StorageOperation operation, Predicate<BlobKey> keys, long fromCall, long toCall,
    double probability) {

  public When {
    Objects.requireNonNull(operation, "operation");
    if (fromCall < 1 || toCall < fromCall) {
      throw new IllegalArgumentException("bad call range " + fromCall + ".." + toCall);
    }
    if (!(probability > 0 && probability <= 1)) {
      throw new IllegalArgumentException("probability must be in (0, 1]: " + probability);
    }
  }

  /** Only the {@code n}-th call (from 1). */
  public static When nth(StorageOperation operation, long n) {
    return new When(operation, null, n, n, 1);
  }

  /** The first {@code count} calls. */
  public static When first(StorageOperation operation, long count) {
    return new When(operation, null, 1, count, 1);
  }

  /** Every call. */
  public static When every(StorageOperation operation) {
    return new When(operation, null, 1, Long.MAX_VALUE, 1);
  }

  /** Each call independently with {@code probability}. */
  public static When randomly(StorageOperation operation, double probability) {
    return new When(operation, null, 1, Long.MAX_VALUE, probability);
  }

  /** The same selection, counting only calls on keys that match. */
  public When forKeys(Predicate<BlobKey> keyFilter) {
    return new When(operation, Objects.requireNonNull(keyFilter, "keyFilter"), fromCall, toCall, probability);
  }

  /** The same selection, counting only calls on {@code key}. */
  public When forKey(BlobKey key) {
    return forKeys(key::equals);
  }

  boolean counts(StorageOperation called, BlobKey key) {
    return called == operation && (keys == null || (key != null && keys.test(key)));
  }
}
