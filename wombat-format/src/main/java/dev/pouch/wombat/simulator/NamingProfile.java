package dev.pouch.wombat.simulator;

/** How the simulator names files (§1: Wombat's names are not stable). */
public enum NamingProfile {
  /** What Wombat writes: {@code wal_<n>.log}, {@code <n>.sst}, {@code vlog_<id>.dat}, temporaries {@code tmp_<n>}. */
  NATIVE("wal_%d.log", "%d.sst", "vlog_%d.dat", "tmp_%d"),
  /** The seed document's convention: {@code <n>.wal}, {@code <n>.sst}, {@code <id>.vlog}, {@code <n>.tmp}. */
  SEED("%d.wal", "%d.sst", "%d.vlog", "%d.tmp"),
  /**
   * Names that suggest the wrong kind, to exercise classification by content: WALs {@code seg_<n>.vlog}, SSTables
   * {@code wal_<n>.log}, value logs {@code <id>.sst}, temporaries {@code tmp_<n>}.
   */
  MISMATCHED("seg_%d.vlog", "wal_%d.log", "%d.sst", "tmp_%d");

  private final String wal;
  private final String sst;
  private final String vlog;
  private final String temp;

  NamingProfile(String wal, String sst, String vlog, String temp) {
    this.wal = wal;
    this.sst = sst;
    this.vlog = vlog;
    this.temp = temp;
  }

  /** The name of WAL segment {@code n}. */
  public String walName(long n) {
    return String.format(wal, n);
  }

  /** The name of SSTable {@code n}. */
  public String sstName(long n) {
    return String.format(sst, n);
  }

  /** The name of value-log file {@code id}. */
  public String vlogName(long id) {
    return String.format(vlog, id);
  }

  /** The name of temporary file {@code n}. */
  public String tempName(long n) {
    return String.format(temp, n);
  }

  /** The MANIFEST's name (the same in every profile). */
  public String manifestName() {
    return "MANIFEST";
  }

  /** The configuration file's name. */
  public String configName() {
    return "config";
  }
}
