package dev.pouch.bench.prune;

import java.util.List;
import java.util.Map;

/**
 * One measured prune (or forget). Figures a run could not measure are null: requests and listings exist only for
 * pouch in process, RSS only for child processes, syscalls only for runs under strace.
 *
 * @param label what ran, e.g. {@code pouch in-process}, {@code restic CLI}, {@code pouch CLI + strace}
 * @param snapshotsBefore snapshots in the repository when it started
 * @param wallSeconds wall time around the call or the process
 * @param cpuSeconds user + system CPU of the process (in process: the JVM's whole CPU time during the call)
 * @param requests storage requests by kind (list, open, stat, put, delete, total)
 * @param listings listing passes per prefix
 * @param syscalls calls per traced syscall from {@code strace -c -f}
 * @param packs packs deleted / repacked / written as the tool reported them
 * @param notes anything else worth keeping: the tool's summary lines, a failure
 */
public record PruneRun(String label, int snapshotsBefore, double wallSeconds, Double cpuSeconds, Long peakRssBytes,
    Map<String, Long> requests, Map<String, Long> listings, Long bytesRead, Long bytesWritten,
    Map<String, Long> syscalls, String packs, List<String> notes) {

  public PruneRun {
    notes = List.copyOf(notes);
  }
}
