package dev.pouch.bench.harness;

/** The steps the harness measures for every tool, in the order it runs them. */
public enum Operation {
  INIT("init"),
  FULL_BACKUP("first full backup"),
  NO_CHANGE_BACKUP("no-change backup"),
  COMPACTION_BACKUP("backup after compaction"),
  RESTORE("restore"),
  VERIFY("verify (read all data)");

  private final String label;

  Operation(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
