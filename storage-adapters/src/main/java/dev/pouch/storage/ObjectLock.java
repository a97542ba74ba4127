package dev.pouch.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A retention the service enforces on every new object (S3 Object Lock, Azure version-level immutability): until
 * {@code upload time + period} nobody holding the same credentials can delete or overwrite that version of the object,
 * which is what keeps backups safe from someone (or something) that has stolen the credentials.
 *
 * <p>Keys starting with one of {@code exemptPrefixes} get no retention: objects the application itself must replace
 * or delete freely (lock objects, derived data such as an index that can be rebuilt).
 *
 * @param mode how strict the retention is
 * @param period how long each new object stays under retention, from its upload
 * @param exemptPrefixes key prefixes stored without retention
 */
public record ObjectLock(Mode mode, Duration period, List<String> exemptPrefixes) {

  /** How strict a retention is. */
  public enum Mode {
    /**
     * S3 {@code GOVERNANCE}, Azure {@code Unlocked}: a principal with a special permission can shorten or remove the
     * retention; everyone else is held to it.
     */
    GOVERNANCE,
    /** S3 {@code COMPLIANCE}, Azure {@code Locked}: nobody, the account owner included, can shorten it. */
    COMPLIANCE
  }

  public ObjectLock {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(period, "period");
    exemptPrefixes = List.copyOf(exemptPrefixes);
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("an object lock period must be positive: " + period);
    }
  }

  /** Whether a new object under {@code key} gets the retention. */
  public boolean appliesTo(BlobKey key) {
    for (String prefix : exemptPrefixes) {
      if (key.value().startsWith(prefix)) {
        return false;
      }
    }
    return true;
  }

  /** The end of the retention of an object uploaded at {@code now}. */
  public Instant retainUntil(Instant now) {
    return now.plus(period);
  }
}
