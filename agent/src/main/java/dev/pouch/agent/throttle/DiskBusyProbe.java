package dev.pouch.agent.throttle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * How busy the block device holding the source is: the share of wall time it had I/O in flight, from the {@code
 * io_ticks} column (milliseconds spent doing I/O, the 10th statistic) of {@code /proc/diskstats}. That counts every
 * process's I/O, the backup's own reads included, so keeping it under a threshold leaves the disk that much headroom.
 *
 * <p>The device is found by the source's {@code st_dev} (major:minor) when it names a line of {@code diskstats}
 * (ext4, xfs on a disk or partition, device-mapper), else by the source of the mount holding the source in {@code
 * /proc/self/mountinfo} (e.g. {@code /dev/vda}). Filesystems with anonymous device numbers and no block device as
 * their mount source (overlayfs, tmpfs, NFS, btrfs subvolumes) have no such device: then there is no probe. Linux
 * only. Not thread-safe.
 */
public final class DiskBusyProbe {

  private final Path diskstats;
  private final String device;
  private long lastTicksMillis = -1;
  private long lastNanos;

  DiskBusyProbe(Path diskstats, String device) {
    this.diskstats = diskstats;
    this.device = device;
  }

  /**
   * The probe for the device holding {@code source}, or empty when none is found.
   *
   * @param proc where procfs is mounted ({@code /proc})
   */
  public static Optional<DiskBusyProbe> forSource(Path source, Path proc) throws IOException {
    Path stats = proc.resolve("diskstats");
    Path mounts = proc.resolve("self/mountinfo");
    if (!Files.isReadable(stats)) {
      return Optional.empty();
    }
    long dev;
    Path real;
    try {
      dev = ((Number) Files.getAttribute(source, "unix:dev")).longValue();
      real = source.toRealPath();
    } catch (UnsupportedOperationException | IOException e) {
      // No unix attributes, or the source is not there (yet): no disk signal; the backup reports a missing source.
      return Optional.empty();
    }
    String statsText = Files.readString(stats, StandardCharsets.US_ASCII);
    String mountText = Files.isReadable(mounts) ? Files.readString(mounts, StandardCharsets.UTF_8) : "";
    return deviceName(major(dev), minor(dev), real, statsText, mountText).map(name -> new DiskBusyProbe(stats, name));
  }

  /** The {@code diskstats} name of the device. */
  public String device() {
    return device;
  }

  /** The busy share since the previous call (empty on the first call or when the device line is gone). */
  public OptionalDouble sample(long nanos) {
    OptionalLong ticks;
    try {
      ticks = ioTicksMillis(Files.readString(diskstats, StandardCharsets.US_ASCII), device);
    } catch (IOException e) {
      ticks = OptionalLong.empty();
    }
    if (ticks.isEmpty()) {
      lastTicksMillis = -1;
      return OptionalDouble.empty();
    }
    long previous = lastTicksMillis;
    long previousNanos = lastNanos;
    lastTicksMillis = ticks.getAsLong();
    lastNanos = nanos;
    if (previous < 0 || nanos <= previousNanos) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(busyFraction(previous, ticks.getAsLong(), nanos - previousNanos));
  }

  /** The busy share of an interval from two {@code io_ticks} readings; clamped to [0, 1]. */
  static double busyFraction(long ticksBeforeMillis, long ticksAfterMillis, long elapsedNanos) {
    double busy = (ticksAfterMillis - ticksBeforeMillis) * 1e6 / elapsedNanos;
    return Math.max(0, Math.min(1, busy));
  }

  /**
   * Finds the {@code diskstats} name for a device: by major:minor first, else by the block device named as the
   * source of the mount that holds {@code realSource}.
   */
  static Optional<String> deviceName(long major, long minor, Path realSource, String diskstatsText,
      String mountinfoText) {
    for (String line : diskstatsText.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 13 && f[0].equals(Long.toString(major)) && f[1].equals(Long.toString(minor))) {
        return Optional.of(f[2]);
      }
    }
    Optional<String> mountSource = mountSource(realSource, mountinfoText);
    if (mountSource.isEmpty() || !mountSource.get().startsWith("/dev/")) {
      return Optional.empty();
    }
    String name = mountSource.get().substring(mountSource.get().lastIndexOf('/') + 1);
    if (ioTicksMillis(diskstatsText, name).isPresent()) {
      return Optional.of(name);
    }
    try {
      // /dev/mapper/vg-root and /dev/disk/by-uuid/... are symlinks to the kernel's name (dm-0, sda1).
      String resolved = Path.of(mountSource.get()).toRealPath().getFileName().toString();
      return ioTicksMillis(diskstatsText, resolved).isPresent() ? Optional.of(resolved) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The mount source (field after the filesystem type) of the longest mount point containing {@code path}. */
  static Optional<String> mountSource(Path path, String mountinfoText) {
    String best = null;
    int bestLength = -1;
    for (String line : mountinfoText.split("\n")) {
      String[] f = line.trim().split(" ");
      int dash = Arrays.asList(f).indexOf("-");
      if (f.length < 5 || dash < 0 || dash + 2 >= f.length) {
        continue;
      }
      Path mountPoint = Path.of(unescape(f[4]));
      if (path.startsWith(mountPoint) && mountPoint.toString().length() > bestLength) {
        bestLength = mountPoint.toString().length();
        best = unescape(f[dash + 2]);
      }
    }
    return Optional.ofNullable(best);
  }

  /** {@code io_ticks} (milliseconds) of {@code device} in a {@code diskstats} text. */
  static OptionalLong ioTicksMillis(String diskstatsText, String device) {
    for (String line : diskstatsText.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 13 && f[2].equals(device)) {
        try {
          return OptionalLong.of(Long.parseLong(f[12]));
        } catch (NumberFormatException e) {
          return OptionalLong.empty();
        }
      }
    }
    return OptionalLong.empty();
  }

  /** mountinfo escapes space, tab, newline and backslash as octal ({@code \040}). */
  private static String unescape(String field) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length()
          && field.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Linux's {@code major()} of a {@code dev_t}. */
  static long major(long dev) {
    return ((dev >>> 8) & 0xfffL) | ((dev >>> 32) & 0xfffff000L);
  }

  /** Linux's {@code minor()} of a {@code dev_t}. */
  static long minor(long dev) {
    return (dev & 0xffL) | ((dev >>> 12) & 0xffffff00L);
  }
}
