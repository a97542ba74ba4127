package dev.pouch.it.reliability;

/**
 * How much the suite does: the default run keeps to a few minutes on a two-core machine; the {@code long} Maven
 * profile ({@code -Plong}, system property {@code pouch.test.long=true}) runs the large counts.
 */
public final class RunLength {

  private RunLength() {}

  public static boolean isLong() {
    return Boolean.getBoolean("pouch.test.long");
  }

  /** {@code normal} in the default run, {@code longRun} under {@code -Plong}. */
  public static int pick(int normal, int longRun) {
    return isLong() ? longRun : normal;
  }
}
