package dev.pouch.agent.audit;

import java.time.Instant;
import java.util.List;

/**
 * One entry of the audit trail ({@code audit/<time>-<random>}, sealed JSON).
 *
 * @param command the command as the user would type it, without secrets (e.g. {@code forget --keep-daily 7})
 * @param phase {@link Phase#STARTED} is written before the first deletion and lists everything about to be deleted;
 *     {@link Phase#FAILED} follows when deleting stopped part-way and lists what was deleted before the failure;
 *     {@link Phase#DONE} records a deletion already completed (single-object deletions such as key removal)
 * @param snapshots ids of snapshots removed (forget), or empty
 * @param objects storage keys deleted, in deletion order
 * @param note why, or the error that stopped the deletion
 */
public record AuditRecord(
    int version,
    Instant time,
    Actor actor,
    String command,
    Phase phase,
    List<String> snapshots,
    List<String> objects,
    String note) {

  public static final int VERSION = 1;

  /** Where a deletion stood when the record was written. */
  public enum Phase {
    STARTED,
    DONE,
    FAILED
  }

  public AuditRecord {
    snapshots = snapshots == null ? List.of() : List.copyOf(snapshots);
    objects = objects == null ? List.of() : List.copyOf(objects);
  }
}
