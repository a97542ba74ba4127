package dev.pouch.agent.cli;

import dev.pouch.agent.capture.CaptureOptions;
import dev.pouch.agent.capture.WombatCapture;
import dev.pouch.agent.source.CaptureStrategy;
import dev.pouch.agent.source.PlainCapture;
import dev.pouch.storage.Sleeper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/** Picks how a source directory is captured. */
final class CaptureStrategies {

  private CaptureStrategies() {}

  static CaptureStrategy choose(String format, Path source, boolean excludeWal, boolean includeTemp, Clock clock)
      throws IOException {
    boolean wombat = switch (format) {
      case "wombat" -> true;
      case "plain" -> false;
      case "auto" -> WombatCapture.looksLikeWombat(source);
      default -> throw new UsageException("--source-format must be auto, wombat or plain, not '" + format + "'");
    };
    if (!wombat) {
      if (excludeWal) {
        throw new UsageException("--exclude-wal applies to Wombat directories; " + source + " is captured as plain "
            + "files (pass --source-format wombat if it is one)");
      }
      return new PlainCapture();
    }
    CaptureOptions options = CaptureOptions.defaults().withExcludeWal(excludeWal).withExcludeTemp(!includeTemp);
    return new WombatCapture(options, Sleeper.system(), clock);
  }
}
