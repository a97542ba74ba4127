package dev.pouch.wombat.wal;

import dev.pouch.wombat.vlog.ValuePointerResolver;
import java.util.Objects;

/**
 * How to scan a WAL segment.
 *
 * @param zeroHeaders what an all-zero header means
 * @param pointers decides whether a value pointer resolves (a pointer that does not ends the log)
 * @param checkTail whether to read the bytes right after the validated end to tell a zero tail from a hole
 */
public record WalScanOptions(ZeroHeaderPolicy zeroHeaders, ValuePointerResolver pointers, boolean checkTail) {

  /** Validates non-null components. */
  public WalScanOptions {
    Objects.requireNonNull(zeroHeaders, "zeroHeaders");
    Objects.requireNonNull(pointers, "pointers");
  }

  /** The rules for an ordinary segment: zero header ends the log, tail checked. */
  public static WalScanOptions of(ValuePointerResolver pointers) {
    return new WalScanOptions(ZeroHeaderPolicy.END_OF_LOG, pointers, true);
  }

  /** These options with another zero-header policy. */
  public WalScanOptions withZeroHeaders(ZeroHeaderPolicy policy) {
    return new WalScanOptions(policy, pointers, checkTail);
  }

  /** These options with the tail check switched on or off. */
  public WalScanOptions withTailCheck(boolean check) {
    return new WalScanOptions(zeroHeaders, pointers, check);
  }
}
