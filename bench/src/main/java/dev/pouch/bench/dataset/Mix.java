package dev.pouch.bench.dataset;

import java.util.Locale;

/** How a data set's bytes are shared between SSTables, value logs and WALs (the MANIFEST and config are tiny). */
public enum Mix {
  MIXED(0.60, 0.30, 0.10),
  SST_HEAVY(0.85, 0.10, 0.05),
  VLOG_HEAVY(0.20, 0.75, 0.05),
  WAL_HEAVY(0.30, 0.20, 0.50);

  private final double sstShare;
  private final double vlogShare;
  private final double walShare;

  Mix(double sstShare, double vlogShare, double walShare) {
    this.sstShare = sstShare;
    this.vlogShare = vlogShare;
    this.walShare = walShare;
  }

  public double sstShare() {
    return sstShare;
  }

  public double vlogShare() {
    return vlogShare;
  }

  public double walShare() {
    return walShare;
  }

  /** The command-line name: {@code mixed}, {@code sst-heavy}, {@code vlog-heavy}, {@code wal-heavy}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses a {@link #label()}. */
  public static Mix parse(String label) {
    for (Mix m : values()) {
      if (m.label().equals(label)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown mix '" + label + "' (mixed, sst-heavy, vlog-heavy, wal-heavy)");
  }
}
