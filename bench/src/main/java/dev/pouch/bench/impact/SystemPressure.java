package dev.pouch.bench.impact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * Machine-wide CPU and I/O pressure (Linux PSI, {@code /proc/pressure/*}): the share of an interval in which some
 * runnable task waited for a CPU, or some task waited for I/O. It shows how much of a latency change other work on
 * the machine explains.
 */
final class SystemPressure {

  private final long startNanos;
  private final long cpuStartMicros;
  private final long ioStartMicros;

  private SystemPressure(long startNanos, long cpuStartMicros, long ioStartMicros) {
    this.startNanos = startNanos;
    this.cpuStartMicros = cpuStartMicros;
    this.ioStartMicros = ioStartMicros;
  }

  static SystemPressure start() {
    return new SystemPressure(System.nanoTime(), total("cpu"), total("io"));
  }

  /** CPU "some" share since the start; empty without PSI. */
  OptionalDouble cpu() {
    return share(cpuStartMicros, total("cpu"));
  }

  /** I/O "some" share since the start; empty without PSI. */
  OptionalDouble io() {
    return share(ioStartMicros, total("io"));
  }

  private OptionalDouble share(long startMicros, long nowMicros) {
    long elapsed = System.nanoTime() - startNanos;
    if (startMicros < 0 || nowMicros < 0 || elapsed <= 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Math.min(1, (nowMicros - startMicros) * 1000.0 / elapsed));
  }

  /** The {@code some ... total=} microseconds of {@code /proc/pressure/<resource>}, or -1. */
  private static long total(String resource) {
    try {
      String first = Files.readAllLines(Path.of("/proc/pressure", resource)).get(0);
      return Long.parseLong(first.substring(first.indexOf("total=") + "total=".length()).trim());
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
