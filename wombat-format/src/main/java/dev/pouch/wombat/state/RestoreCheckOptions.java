package dev.pouch.wombat.state;

import dev.pouch.wombat.directory.ClassificationRules;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What the restore check insists on.
 *
 * @param rules name patterns for classification
 * @param requireTruncatedWals WALs must end exactly at their validated end: Wombat replays a zero tail as empty
 *     records and a later flush of that memtable fails and loses its data (§6.4)
 * @param forbidWalNumberOne no WAL may have number 1: Wombat truncates {@code wal_1.log} at open (§6.3)
 * @param memTableSize Wombat's {@code mem_table_size}, if known, to warn about WALs too large for replay (§6.5)
 */
public record RestoreCheckOptions(
    ClassificationRules rules, boolean requireTruncatedWals, boolean forbidWalNumberOne, OptionalLong memTableSize) {

  /** Validates components. */
  public RestoreCheckOptions {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(memTableSize, "memTableSize");
  }

  /** The checks for a directory pouch has just restored: default rules, strict about WALs. */
  public static RestoreCheckOptions forRestoredDirectory() {
    return new RestoreCheckOptions(ClassificationRules.defaults(), true, true, OptionalLong.empty());
  }

  /** The checks for a directory Wombat itself wrote (zero tails and {@code wal_1} are normal there). */
  public static RestoreCheckOptions forLiveDirectory() {
    return new RestoreCheckOptions(ClassificationRules.defaults(), false, false, OptionalLong.empty());
  }

  /** These options with another classification. */
  public RestoreCheckOptions withRules(ClassificationRules newRules) {
    return new RestoreCheckOptions(newRules, requireTruncatedWals, forbidWalNumberOne, memTableSize);
  }

  /** These options with a known {@code mem_table_size}. */
  public RestoreCheckOptions withMemTableSize(long bytes) {
    return new RestoreCheckOptions(rules, requireTruncatedWals, forbidWalNumberOne, OptionalLong.of(bytes));
  }
}
