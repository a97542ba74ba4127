package dev.pouch.it.ops;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The system's Chromium, headless: the DOM of a page after its scripts ran. Skips the test where Chromium is not
 * installed, except under CI ({@code CI=true}), where .ci/run installs it.
 */
final class HeadlessChromium {

  private HeadlessChromium() {}

  static String dumpDom(Path html, Path scratch) throws IOException, InterruptedException {
    Optional<Path> chromium = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
        .stream().map(Path::of).filter(Files::isExecutable).findFirst();
    if (chromium.isEmpty() && "true".equals(System.getenv("CI"))) {
      fail("Chromium is missing on CI; .ci/run installs it with apt-get install -y chromium");
    }
    assumeTrue(chromium.isPresent(), "no Chromium installed (apt-get install -y chromium): render check skipped");
    Path profile = Files.createTempDirectory(scratch, "chromium-profile");
    Path out = scratch.resolve("dom.html");
    Process p = new ProcessBuilder(chromium.get().toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--dump-dom", html.toUri().toString())
        .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) { // a guard against a hung browser
      p.destroyForcibly();
      fail("Chromium did not finish within 120 s");
    }
    assertExit(p.exitValue());
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static void assertExit(int code) {
    if (code != 0) {
      fail("Chromium exited with " + code);
    }
  }
}
