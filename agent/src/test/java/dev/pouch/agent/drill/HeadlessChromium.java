package dev.pouch.agent.drill;

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
 * Runs the system's Chromium headless and returns the DOM after the page's scripts ran. Where no Chromium is
 * installed the calling test is skipped, except under CI ({@code CI=true}), where .ci/run installs it and its
 * absence is a failure.
 */
public final class HeadlessChromium {

  private HeadlessChromium() {}

  static Optional<Path> find() {
    for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
      Path p = Path.of(candidate);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The serialised DOM of {@code html} after load, as Chromium's {@code --dump-dom} prints it. */
  public static String dumpDom(Path html, Path scratch) throws IOException, InterruptedException {
    Optional<Path> chromium = find();
    if (chromium.isEmpty() && "true".equals(System.getenv("CI"))) {
      fail("Chromium is missing on CI; .ci/run installs it with apt-get install -y chromium");
    }
    assumeTrue(chromium.isPresent(), "no Chromium installed (apt-get install -y chromium): HTML render test skipped");
    Path profile = Files.createTempDirectory(scratch, "chromium-profile");
    Path out = scratch.resolve("dom-" + System.nanoTime() + ".html");
    Process p = new ProcessBuilder(chromium.get().toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--dump-dom", html.toUri().toString())
        .redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    // A guard against a hung browser, not a performance assertion.
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("Chromium did not finish within 120 s");
    }
    if (p.exitValue() != 0) {
      fail("Chromium exited with " + p.exitValue());
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
