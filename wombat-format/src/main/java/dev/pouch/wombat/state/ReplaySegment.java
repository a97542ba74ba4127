package dev.pouch.wombat.state;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.wal.ZeroHeaderPolicy;
import java.util.Objects;

/**
 * One WAL segment to replay up to a cut.
 *
 * @param name a label for reports (the file name)
 * @param lifetime the Wombat lifetime the segment belongs to; later lifetimes win
 * @param bytes the segment's bytes (at least {@code cut} of them)
 * @param cut the offset to replay to: a record boundary, usually a validated end recorded at capture time
 * @param zeroHeaders {@link ZeroHeaderPolicy#SKIP_AS_PADDING} for an unlinked {@code wal_1} read through procfs
 */
public record ReplaySegment(String name, long lifetime, ByteSource bytes, long cut, ZeroHeaderPolicy zeroHeaders) {

  /** Validates components. */
  public ReplaySegment {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(zeroHeaders, "zeroHeaders");
    if (cut < 0 || cut > bytes.length()) {
      throw new IllegalArgumentException("cut " + cut + " outside [0, " + bytes.length() + "] for " + name);
    }
  }

  /** A whole ordinary segment of lifetime 0, cut at its length. */
  public static ReplaySegment whole(String name, ByteSource bytes) {
    return new ReplaySegment(name, 0, bytes, bytes.length(), ZeroHeaderPolicy.END_OF_LOG);
  }
}
