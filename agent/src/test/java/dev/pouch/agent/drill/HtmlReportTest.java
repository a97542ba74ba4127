package dev.pouch.agent.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.repository.Repository;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

  @TempDir Path tmp;

  private DrillReport reportWithTwoBackupsAndTwoDrills() throws Exception {
    Repository repo = TestRepositories.init(MemoryStorageBackend.create());
    Path src = Files.createDirectories(tmp.resolve("src"));
    byte[] data = new byte[200_000];
    new Random(1).nextBytes(data);
    Files.write(src.resolve("a.sst"), data);
    TestRepositories.backup(repo, src);
    new Random(2).nextBytes(data);
    Files.write(src.resolve("b.sst"), data);
    TestRepositories.backup(repo, src);
    DrillHistory history = new DrillHistory(repo);
    DrillRequest request = new DrillRequest("latest", tmp.resolve("scratch"), false, true, true, 2);
    history.append(new DrillService(repo).run(request, Progress.NONE));
    DrillRecord current = new DrillService(repo).run(request, Progress.NONE);
    history.append(current);
    return new DrillReport(current, history.list().drills(), DrillServiceTest.points(repo), List.of());
  }

  @Test
  void pageIsSelfContained() throws Exception {
    String html = HtmlReport.render(reportWithTwoBackupsAndTwoDrills());
    assertThat(html).doesNotContain("http:", "https:", "src=", "href=", "@import", "url(");
    assertThat(html).contains("PASSED", "id=\"plot-size\"", "id=\"plot-duration\"", "id=\"plot-dedup\"",
        "id=\"plot-rpo-rto\"");
  }

  @Test
  void hostileTextIsEscaped() {
    assertThat(HtmlReport.esc("<script>&\"'")).isEqualTo("&lt;script&gt;&amp;&quot;&#39;");
  }

  @Test
  void chromiumRendersEveryPlotWithDataPoints() throws Exception {
    Path file = tmp.resolve("drill.html");
    Files.writeString(file, HtmlReport.render(reportWithTwoBackupsAndTwoDrills()));
    String dom = HeadlessChromium.dumpDom(file, tmp);
    assertThat(dom).contains("data-plots-checked=\"4\"");
    for (String plot : List.of("plot-size", "plot-duration", "plot-dedup", "plot-rpo-rto")) {
      Matcher m = Pattern.compile("<svg[^>]*id=\"" + plot + "\"[^>]*>").matcher(dom);
      assertThat(m.find()).as("plot %s in the rendered DOM", plot).isTrue();
      String tag = m.group();
      assertThat(tag).as(plot).contains("data-rendered=\"yes\"");
      Matcher points = Pattern.compile("data-points=\"(\\d+)\"").matcher(tag);
      assertThat(points.find()).isTrue();
      assertThat(Integer.parseInt(points.group(1))).as("points of %s", plot).isGreaterThanOrEqualTo(2);
    }
  }
}
