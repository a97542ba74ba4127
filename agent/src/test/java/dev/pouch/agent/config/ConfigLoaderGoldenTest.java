package dev.pouch.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: every {@code valid/X.yaml} loads to {@code valid/X.expected.json}; every {@code invalid/X.yaml} fails
 * with exactly the lines of {@code invalid/X.expected.txt}. Run with {@code -Dpouch.golden.update=true} to rewrite
 * the expected files after an intended change, then review the diff.
 */
class ConfigLoaderGoldenTest {

  static final Path DIR = Path.of("src/test/resources/config");
  static final Map<String, String> ENV = Map.of("WOMBAT_DIR", "/var/lib/wombat", "REPO_URL", "/backups/wombat",
      "METRICS_PORT", "9464");
  private static final boolean UPDATE = Boolean.getBoolean("pouch.golden.update");
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT);

  static Stream<String> valid() throws IOException {
    return names("valid");
  }

  static Stream<String> invalid() throws IOException {
    return names("invalid");
  }

  private static Stream<String> names(String dir) throws IOException {
    try (Stream<Path> files = Files.list(DIR.resolve(dir))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
          .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("valid")
  void validFileLoadsToItsGoldenConfig(String name) throws Exception {
    Path yaml = DIR.resolve("valid/" + name + ".yaml");
    LoadedConfig loaded = new ConfigLoader(ENV).parse(Files.readString(yaml), "pouch.yaml");
    String actual = JSON.writeValueAsString(loaded.config()) + "\n";
    assertGolden(DIR.resolve("valid/" + name + ".expected.json"), actual);
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void invalidFileFailsWithItsGoldenMessages(String name) throws Exception {
    Path yaml = DIR.resolve("invalid/" + name + ".yaml");
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> new ConfigLoader(ENV).parse(Files.readString(yaml), "pouch.yaml"));
    assertThat(e).as("%s must be rejected", name).isNotNull();
    assertGolden(DIR.resolve("invalid/" + name + ".expected.txt"), String.join("\n", e.problems()) + "\n");
  }

  private static void assertGolden(Path expectedFile, String actual) throws IOException {
    if (UPDATE) {
      Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
    }
    assertThat(expectedFile).as("golden file (create it with -Dpouch.golden.update=true)").exists();
    assertThat(actual).isEqualTo(Files.readString(expectedFile, StandardCharsets.UTF_8));
  }
}
