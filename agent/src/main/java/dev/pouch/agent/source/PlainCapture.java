package dev.pouch.agent.source;

import dev.pouch.agent.snapshot.FileEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A plain directory: every file as it is, no cross-file consistency to prove. */
public final class PlainCapture implements CaptureStrategy {

  private final HeadStart<DirectoryScanner.Scan> scanned = new HeadStart<>();

  @Override
  public String name() {
    return "plain";
  }

  @Override
  public void prepare(Path root, ExcludeRules excludes) {
    scanned.offer(root, excludes, () -> new DirectoryScanner().scan(root, excludes));
  }

  @Override
  public CapturePlan plan(Path root, ExcludeRules excludes, Map<String, FileEntry> previous) throws IOException {
    DirectoryScanner.Scan scan = scanned.take(root, excludes, () -> new DirectoryScanner().scan(root, excludes));
    return new CapturePlan(scan.root(), scan.entries(), scan.skipped(), null);
  }

  @Override
  public Confirmation confirm(CapturePlan plan, Map<String, CapturedFile> captured) {
    return new Confirmation.Confirmed(null, List.of());
  }
}
