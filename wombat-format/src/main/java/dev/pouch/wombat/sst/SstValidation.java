package dev.pouch.wombat.sst;

import dev.pouch.wombat.bytes.Bytes;
import java.util.Optional;

/**
 * The result of validating one SSTable.
 *
 * @param problem the first violated rule, or empty for a valid table
 * @param footer the parsed footer, when the file was long enough to have one
 * @param blockCount blocks checked
 * @param entryCount entries checked
 * @param smallestKey first key of a valid, non-empty table
 * @param largestKey last key of a valid, non-empty table
 */
public record SstValidation(
    Optional<SstProblem> problem,
    Optional<SstFooter> footer,
    long blockCount,
    long entryCount,
    Optional<Bytes> smallestKey,
    Optional<Bytes> largestKey) {

  /** Whether every rule holds. */
  public boolean isValid() {
    return problem.isEmpty();
  }

  static SstValidation failed(SstCheck check, String detail, SstFooter footer) {
    return new SstValidation(Optional.of(new SstProblem(check, detail)), Optional.ofNullable(footer), 0, 0,
        Optional.empty(), Optional.empty());
  }
}
