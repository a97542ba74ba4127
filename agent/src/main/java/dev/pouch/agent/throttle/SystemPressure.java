package dev.pouch.agent.throttle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The pressure signals pouch can observe on its own: the source disk's busy time and the WAL's growth. Either may be
 * missing (no block device found, not a Wombat directory); {@link #describe()} says which are in use.
 */
public final class SystemPressure implements PressureSource {

  private final Optional<DiskBusyProbe> disk;
  private final Optional<WalGrowthProbe> wal;

  public SystemPressure(Optional<DiskBusyProbe> disk, Optional<WalGrowthProbe> wal) {
    this.disk = disk;
    this.wal = wal;
  }

  /** Both probes for a source directory, as far as they can be set up ({@code /proc} for the disk). */
  public static SystemPressure forSource(Path source) throws IOException {
    return new SystemPressure(DiskBusyProbe.forSource(source, Path.of("/proc")),
        Optional.of(WalGrowthProbe.of(source)));
  }

  @Override
  public PressureSample sample(long nanos) {
    OptionalDouble busy = disk.map(d -> d.sample(nanos)).orElse(OptionalDouble.empty());
    OptionalDouble walRate = wal.map(w -> w.sample(nanos)).orElse(OptionalDouble.empty());
    return new PressureSample(busy, walRate);
  }

  /** Which signals are watched, for the log. */
  public String describe() {
    return "disk busy time " + disk.map(d -> "of " + d.device()).orElse("not available (no block device found)")
        + ", WAL growth " + (wal.isPresent() ? "of the source's WAL segments" : "not watched");
  }
}
