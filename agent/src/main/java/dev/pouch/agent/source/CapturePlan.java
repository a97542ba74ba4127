package dev.pouch.agent.source;

import java.nio.file.Path;
import java.util.List;

/**
 * What to capture, in capture order.
 *
 * @param warnings things skipped or noticed while planning, for the user
 * @param notes strategy-specific planning facts kept for {@link CaptureStrategy#confirm} (e.g. validated ends)
 */
public record CapturePlan(Path root, List<SourceEntry> entries, List<String> warnings, Object notes) {
  public CapturePlan {
    entries = List.copyOf(entries);
    warnings = List.copyOf(warnings);
  }
}
