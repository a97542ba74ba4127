package dev.pouch.agent.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk signal on fixture {@code /proc} text (captured on a VM and a laptop with NVMe, device-mapper, btrfs). */
class DiskBusyProbeTest {

  private static final Path FIXTURES = Path.of("src/test/resources/throttle");

  private static String fixture(String name) throws IOException {
    return Files.readString(FIXTURES.resolve(name));
  }

  @Test
  void decodesLinuxDeviceNumbers() {
    assertThat(DiskBusyProbe.major(0xfe00)).isEqualTo(254);
    assertThat(DiskBusyProbe.minor(0xfe00)).isEqualTo(0);
    // glibc's makedev(259, 1048577): minor bits above 8 live at bits 20..31, major bits above 12 at 32 and up.
    long dev = ((259L & 0xfff) << 8) | ((259L & ~0xfffL) << 32) | (1048577L & 0xff) | ((1048577L & ~0xffL) << 12);
    assertThat(DiskBusyProbe.major(dev)).isEqualTo(259);
    assertThat(DiskBusyProbe.minor(dev)).isEqualTo(1048577);
  }

  @Test
  void findsTheDeviceByItsNumbers() throws IOException {
    String stats = fixture("diskstats-before.txt");
    String mounts = fixture("mountinfo.txt");

    assertThat(DiskBusyProbe.deviceName(254, 0, Path.of("/work"), stats, mounts)).hasValue("vda");
    assertThat(DiskBusyProbe.deviceName(259, 2, Path.of("/data"), stats, mounts)).hasValue("nvme0n1p2");
    assertThat(DiskBusyProbe.deviceName(253, 0, Path.of("/srv"), stats, mounts)).hasValue("dm-0");
  }

  @Test
  void anAnonymousDeviceIsFoundThroughItsMountSource() throws IOException {
    String stats = fixture("diskstats-before.txt");
    String mounts = fixture("mountinfo.txt");

    assertThat(DiskBusyProbe.deviceName(0, 45, Path.of("/var/lib/wombat/data"), stats, mounts))
        .as("btrfs subvolume").hasValue("nvme0n1p2");
    assertThat(DiskBusyProbe.deviceName(0, 46, Path.of("/var/lib/with space/db"), stats, mounts))
        .as("escaped mount point").hasValue("nvme0n1p1");
  }

  @Test
  void filesystemsWithoutABlockDeviceHaveNoProbe() throws IOException {
    String stats = fixture("diskstats-before.txt");
    String mounts = fixture("mountinfo.txt");

    assertThat(DiskBusyProbe.deviceName(0, 27, Path.of("/dev/shm/x"), stats, mounts)).as("tmpfs").isEmpty();
    assertThat(DiskBusyProbe.deviceName(0, 47, Path.of("/var/lib/containers/overlay/w"), stats, mounts))
        .as("overlay").isEmpty();
    assertThat(DiskBusyProbe.deviceName(0, 48, Path.of("/var/lib/wombat/nfs/w"), stats, mounts))
        .as("the NFS mount nested inside a disk mount, not the disk").isEmpty();
  }

  @Test
  void busyShareIsTheIoTicksDeltaOverWallTime() throws IOException {
    String before = fixture("diskstats-before.txt");
    String after = fixture("diskstats-after.txt");

    assertThat(DiskBusyProbe.ioTicksMillis(before, "vda")).hasValue(44036);
    assertThat(DiskBusyProbe.ioTicksMillis(after, "vda")).hasValue(45536);
    // 1,500 ms of I/O in a 2 s interval.
    assertThat(DiskBusyProbe.busyFraction(44036, 45536, 2_000_000_000L)).isCloseTo(0.75, within(1e-9));
    assertThat(DiskBusyProbe.busyFraction(0, 5000, 1_000_000_000L)).as("clamped").isEqualTo(1.0);
  }

  @Test
  void sampleComparesSuccessiveReadingsOfDiskstats(@TempDir Path proc) throws IOException {
    Path stats = proc.resolve("diskstats");
    Files.writeString(stats, fixture("diskstats-before.txt"));
    DiskBusyProbe probe = new DiskBusyProbe(stats, "nvme0n1p2");

    OptionalDouble first = probe.sample(1_000_000_000L);
    Files.writeString(stats, fixture("diskstats-after.txt"));
    OptionalDouble second = probe.sample(1_500_000_000L);
    Files.writeString(stats, fixture("diskstats-after.txt").replace("nvme0n1p2", "nvme0n1p9"));
    OptionalDouble gone = probe.sample(2_000_000_000L);

    assertThat(first).as("no interval yet").isEmpty();
    assertThat(second.getAsDouble()).isCloseTo(250 / 500.0, within(1e-9));
    assertThat(gone).isEmpty();
  }

  @Test
  void theProbeForThisMachinesTempDirectoryReadsRealProc(@TempDir Path source) throws IOException {
    // Where /proc and a block device exist (the build machines), the probe finds the device and measures a share.
    var probe = DiskBusyProbe.forSource(source, Path.of("/proc"));
    org.junit.jupiter.api.Assumptions.assumeTrue(probe.isPresent(), "no block device under " + source);
    probe.get().sample(System.nanoTime());
    OptionalDouble share = probe.get().sample(System.nanoTime() + 1_000_000_000L);
    assertThat(share.getAsDouble()).isBetween(0.0, 1.0);
  }
}
