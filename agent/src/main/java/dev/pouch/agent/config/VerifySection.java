package dev.pouch.agent.config;

/**
 * {@code verify:} checking what was stored.
 *
 * @param afterBackup check the repository after every backup (seed {@code verify_integrity}); default true
 * @param readData with {@code afterBackup}, also download and authenticate every pack; default false (costly)
 * @param drill schedule of DR drills run by the sidecar (restore into scratch, check, record RTO/RPO); off if absent
 * @param drillScratch where drills restore to; default the system temporary directory
 */
public record VerifySection(Boolean afterBackup, Boolean readData, String drill, String drillScratch) {

  public VerifySection {
    afterBackup = afterBackup == null ? Boolean.TRUE : afterBackup;
    readData = readData == null ? Boolean.FALSE : readData;
    drill = drill == null || drill.isBlank() || drill.trim().equalsIgnoreCase("off")
        || drill.trim().equals("false") ? null : drill.trim();
  }

  static VerifySection defaults() {
    return new VerifySection(null, null, null, null);
  }
}
