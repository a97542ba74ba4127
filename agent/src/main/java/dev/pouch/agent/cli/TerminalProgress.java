package dev.pouch.agent.cli;

import dev.pouch.agent.backup.Progress;
import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress bar (bytes, rate, ETA) on stderr, redrawn at most five times a second; only on a terminal. */
final class TerminalProgress implements Progress {

  private final PrintWriter err;
  private String phase = "";
  private long total;
  private long done;
  private long startNanos;
  private long lastDrawNanos;

  private TerminalProgress(PrintWriter err) {
    this.err = err;
  }

  /**
   * The progress display for a command: on a terminal a bar, or JSON lines with {@code --json}; nothing when not on a
   * terminal. {@code POUCH_PROGRESS=json} forces JSON lines (e.g. into a Kubernetes Job's log), {@code none} turns
   * progress off.
   */
  static Progress of(Context ctx, boolean json) {
    String forced = ctx.env("POUCH_PROGRESS");
    if ("none".equals(forced)) {
      return Progress.NONE;
    }
    if ("json".equals(forced)) {
      return new JsonProgress(ctx.err(), System::nanoTime);
    }
    if (!ctx.interactive()) {
      return Progress.NONE;
    }
    return json ? new JsonProgress(ctx.err(), System::nanoTime) : new TerminalProgress(ctx.err());
  }

  @Override
  public void start(String phase, long totalBytes, long totalItems) {
    this.phase = phase;
    this.total = totalBytes;
    this.done = 0;
    this.startNanos = System.nanoTime();
  }

  @Override
  public void advance(long bytes) {
    done += bytes;
    long now = System.nanoTime();
    if (now - lastDrawNanos > 200_000_000L) {
      lastDrawNanos = now;
      draw(now);
    }
  }

  @Override
  public void finish() {
    draw(System.nanoTime());
    err.print("\r\033[K");
    err.flush();
  }

  private void draw(long now) {
    double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
    double rate = done / seconds;
    double fraction = total > 0 ? Math.min(1.0, (double) done / total) : 1.0;
    int width = 30;
    int filled = (int) (fraction * width);
    String eta = rate > 0 && total > done ? String.format(Locale.ROOT, "%ds", (long) ((total - done) / rate)) : "-";
    err.printf(Locale.ROOT, "\r%s [%s%s] %3.0f%% %s/%s %s/s ETA %s\033[K", phase, "#".repeat(filled),
        " ".repeat(width - filled), fraction * 100, ByteSizes.format(done), ByteSizes.format(total),
        ByteSizes.format((long) rate), eta);
    err.flush();
  }
}
