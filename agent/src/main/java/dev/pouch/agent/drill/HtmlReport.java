package dev.pouch.agent.drill;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The drill report as one self-contained HTML page: no external URL, styles and plots inline. Plots are inline SVG
 * drawn here (a line and a circle per data point); a small inline script marks each plot with its point count and
 * whether the browser laid it out, which the headless-browser test reads back.
 */
public final class HtmlReport {

  private static final int WIDTH = 640;
  private static final int HEIGHT = 220;
  private static final int LEFT = 78;
  private static final int RIGHT = 12;
  private static final int TOP = 12;
  private static final int BOTTOM = 34;
  private static final DateTimeFormatter DAY_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private HtmlReport() {}

  /** One data point: x is a time. */
  record Point(Instant x, double y, String label) {}

  /** A named line of points. */
  record Series(String name, List<Point> points) {}

  public static String render(DrillReport report) {
    DrillRecord d = report.drill();
    StringBuilder h = new StringBuilder(16 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>pouch drill ")
        .append(esc(d.id())).append("</title>\n<style>\n")
        .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:60em}")
        .append("h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}")
        .append(".pass{color:#17702a;font-weight:bold}.fail{color:#b3261e;font-weight:bold}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}")
        .append("svg.plot{background:#fafafa;border:1px solid #ddd}")
        .append(".axis{stroke:#888;stroke-width:1}.grid{stroke:#e4e4e4;stroke-width:1}")
        .append(".tick{font-size:11px;fill:#555}.line{fill:none;stroke-width:2}")
        .append(".s0{stroke:#1f5fbf;fill:#1f5fbf}.s1{stroke:#d9822b;fill:#d9822b}")
        .append(".legend{font-size:12px}.empty{color:#777;font-style:italic}\n</style></head>\n<body>\n");
    h.append("<h1>pouch DR drill <code>").append(esc(d.id())).append("</code>: <span class=\"")
        .append(d.passed() ? "pass\">PASSED" : "fail\">FAILED").append("</span></h1>\n");
    h.append("<table id=\"summary\">\n");
    row(h, "started", d.started().toString());
    PitrPoint p = d.pointInTime();
    if (p != null) {
      row(h, "point in time", (p.target() == null ? "none" : p.target().toString())
          + (p.random() ? " (picked at random inside the recoverable windows)" : ""));
    }
    row(h, p == null ? "snapshot" : "base snapshot", d.snapshot() == null ? "none" : d.snapshot().substring(0, 8)
        + " of " + d.snapshotTime() + " (" + d.host() + ":" + d.source() + ")");
    if (p != null) {
      row(h, "WAL applied", p.piecesApplied() + " piece(s) over the base captured " + p.baseAt()
          + (p.cuts().isEmpty() ? "" : "; cut " + String.join(", ", p.cuts())));
    }
    row(h, "restored", d.files() + " files, " + d.bytes() + " bytes");
    row(h, "RTO (restore until checked)", String.format(Locale.ROOT, "%.2f s (restore alone %.2f s)", d.rtoSeconds(),
        d.restoreSeconds()));
    String rpoWhat = p == null ? "RPO (age of the newest snapshot)"
        : "RPO (age of the newest recoverable point, " + p.newestRecoverable() + ")";
    row(h, rpoWhat, d.rpoSeconds() == null ? "no recoverable point"
        : String.format(Locale.ROOT, "%.0f s", d.rpoSeconds()));
    if (d.failure() != null) {
      row(h, "failure", d.failure());
    }
    if (d.scratchLeft() != null) {
      row(h, "restored copy left at", d.scratchLeft());
    }
    h.append("</table>\n<h2>Checks</h2>\n<table id=\"checks\"><tr><th>check</th><th>result</th><th>details</th></tr>\n");
    for (CheckOutcome c : d.checks()) {
      List<String> lines = new ArrayList<>(c.problems());
      lines.addAll(c.notes());
      h.append("<tr><td>").append(esc(c.check())).append("</td><td class=\"").append(c.passed() ? "pass\">ok"
          : "fail\">failed").append("</td><td>").append(esc(String.join("; ", lines))).append("</td></tr>\n");
    }
    h.append("</table>\n");

    List<Point> total = new ArrayList<>();
    List<Point> stored = new ArrayList<>();
    List<Point> duration = new ArrayList<>();
    List<Point> dedup = new ArrayList<>();
    for (BackupPoint b : report.backups()) {
      String id = b.snapshot().substring(0, 8);
      total.add(new Point(b.time(), b.bytesTotal(), id + ": " + b.bytesTotal() + " bytes"));
      stored.add(new Point(b.time(), b.bytesStored(), id + ": " + b.bytesStored() + " bytes stored"));
      duration.add(new Point(b.time(), b.durationSeconds(), id + ": " + b.durationSeconds() + " s"));
      if (b.dedupRatio() != null) {
        dedup.add(new Point(b.time(), b.dedupRatio(), id + ": " + String.format(Locale.ROOT, "%.2f", b.dedupRatio())));
      }
    }
    List<Point> rto = new ArrayList<>();
    List<Point> rpo = new ArrayList<>();
    for (DrillRecord r : report.history()) {
      String kind = r.pointInTime() == null ? "" : " (point in time)";
      rto.add(new Point(r.started(), r.rtoSeconds(), r.id() + kind + ": RTO " + r.rtoSeconds() + " s"));
      if (r.rpoSeconds() != null) {
        rpo.add(new Point(r.started(), r.rpoSeconds(), r.id() + kind + ": RPO " + r.rpoSeconds() + " s"));
      }
    }
    h.append("<h2>Backup size over time</h2>\n");
    plot(h, "plot-size", "bytes", List.of(new Series("snapshot size", total), new Series("stored (new, packed)",
        stored)));
    h.append("<h2>Backup duration</h2>\n");
    plot(h, "plot-duration", "s", List.of(new Series("duration", duration)));
    h.append("<h2>Dedup ratio (bytes read / bytes new)</h2>\n");
    plot(h, "plot-dedup", "x", List.of(new Series("dedup ratio", dedup)));
    h.append("<h2>RPO and RTO per drill</h2>\n");
    plot(h, "plot-rpo-rto", "s", List.of(new Series("RTO", rto), new Series("RPO", rpo)));
    if (!report.unreadableHistory().isEmpty()) {
      h.append("<p class=\"fail\">unreadable drill records: ").append(esc(String.join("; ",
          report.unreadableHistory()))).append("</p>\n");
    }
    h.append("<script>\ndocument.addEventListener('DOMContentLoaded', function () {\n")
        .append("  var plots = document.querySelectorAll('svg.plot');\n")
        .append("  plots.forEach(function (svg) {\n")
        .append("    var box = svg.getBBox();\n")
        .append("    svg.setAttribute('data-points', svg.querySelectorAll('circle.point').length);\n")
        .append("    svg.setAttribute('data-rendered', box.width > 0 && box.height > 0 ? 'yes' : 'no');\n")
        .append("  });\n  document.body.setAttribute('data-plots-checked', plots.length);\n});\n</script>\n")
        .append("</body></html>\n");
    return h.toString();
  }

  private static void row(StringBuilder h, String key, String value) {
    h.append("<tr><th>").append(esc(key)).append("</th><td>").append(esc(value)).append("</td></tr>\n");
  }

  static void plot(StringBuilder h, String id, String unit, List<Series> series) {
    List<Point> all = series.stream().flatMap(s -> s.points().stream()).toList();
    if (all.isEmpty()) {
      h.append("<p class=\"empty\" id=\"").append(id).append("\">no data yet</p>\n");
      return;
    }
    long xMin = all.stream().mapToLong(p -> p.x().getEpochSecond()).min().orElse(0);
    long xMax = all.stream().mapToLong(p -> p.x().getEpochSecond()).max().orElse(0);
    if (xMax == xMin) {
      xMin -= 1800;
      xMax += 1800;
    }
    double yMax = all.stream().mapToDouble(Point::y).filter(Double::isFinite).max().orElse(1);
    yMax = yMax <= 0 ? 1 : yMax * 1.1;
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    h.append("<svg class=\"plot\" id=\"").append(id).append("\" width=\"")
        .append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
        .append(HEIGHT).append("\" role=\"img\">\n");
    for (int i = 0; i <= 4; i++) {
      double y = TOP + plotH - plotH * i / 4.0;
      h.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
          LEFT, y, LEFT + plotW, y));
      h.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
          LEFT - 6, y + 4, esc(value(yMax * i / 4.0, unit))));
    }
    h.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", LEFT,
        TOP + plotH, LEFT + plotW, TOP + plotH));
    h.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>%n", LEFT,
        TOP, LEFT, TOP + plotH));
    h.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%d\">%s</text>", LEFT, HEIGHT - 8,
        DAY_TIME.format(Instant.ofEpochSecond(xMin))));
    h.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
        LEFT + plotW, HEIGHT - 8, DAY_TIME.format(Instant.ofEpochSecond(xMax))));
    for (int s = 0; s < series.size(); s++) {
      List<Point> points = series.get(s).points();
      StringBuilder path = new StringBuilder();
      StringBuilder circles = new StringBuilder();
      for (Point p : points) {
        if (!Double.isFinite(p.y())) {
          continue;
        }
        double x = LEFT + plotW * (double) (p.x().getEpochSecond() - xMin) / (xMax - xMin);
        double y = TOP + plotH - plotH * p.y() / yMax;
        path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        circles.append(String.format(Locale.ROOT, "<circle class=\"point s%d\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\">"
            + "<title>%s</title></circle>%n", s, x, y, esc(p.label())));
      }
      if (!path.isEmpty()) {
        h.append("<path class=\"line s").append(s).append("\" d=\"").append(path).append("\"/>\n").append(circles);
      }
      h.append(String.format(Locale.ROOT, "<text class=\"legend s%d\" x=\"%d\" y=\"%d\" stroke=\"none\">%s</text>%n",
          s, LEFT + 8 + 170 * s, TOP + 12, esc(series.get(s).name())));
    }
    h.append("</svg>\n");
  }

  private static String value(double v, String unit) {
    if (unit.equals("bytes")) {
      String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
      int u = 0;
      while (v >= 1024 && u < units.length - 1) {
        v /= 1024;
        u++;
      }
      return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
    return String.format(Locale.ROOT, "%.2f %s", v, unit);
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
