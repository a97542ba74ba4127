package dev.pouch.agent.capture;

import dev.pouch.wombat.directory.ClassificationRules;
import dev.pouch.wombat.state.SegmentReplay;
import java.time.Duration;

/**
 * Options of a Wombat capture (the seed's BackupConfig has a home here).
 *
 * @param rules name patterns per file kind (content still decides)
 * @param excludeWal leave WAL segments out (seed {@code exclude_wal}); the snapshot then holds only SSTs, vlogs and
 *     MANIFEST, and restores to the state of the last flush
 * @param excludeTemp leave temporary files out (seed {@code exclude_temp_files}, default true)
 * @param settleDelay pause before re-reading a WAL tail that may be torn (20-50 ms by the capture rules)
 * @param semanticDigestMaxWalBytes replay WALs for the semantic digest only up to this many bytes in total (the
 *     replay holds the live keys and values in memory); larger captures record the digest as skipped. By default a
 *     third of this JVM's heap, at most 256 MiB: the rule the restore check applies, and a fixed 256 MiB drove a
 *     backup under the launcher's 256 MiB heap into back-to-back full collections (238 of 247 MiB live)
 */
public record CaptureOptions(ClassificationRules rules, boolean excludeWal, boolean excludeTemp, Duration settleDelay,
    long semanticDigestMaxWalBytes) {

  public static CaptureOptions defaults() {
    return new CaptureOptions(ClassificationRules.defaults(), false, true, Duration.ofMillis(30),
        Math.min(256L << 20, SegmentReplay.affordableWalBytes(Runtime.getRuntime().maxMemory())));
  }

  public CaptureOptions withExcludeWal(boolean exclude) {
    return new CaptureOptions(rules, exclude, excludeTemp, settleDelay, semanticDigestMaxWalBytes);
  }

  public CaptureOptions withExcludeTemp(boolean exclude) {
    return new CaptureOptions(rules, excludeWal, exclude, settleDelay, semanticDigestMaxWalBytes);
  }
}
