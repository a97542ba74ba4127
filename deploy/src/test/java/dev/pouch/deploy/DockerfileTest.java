package dev.pouch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Dockerfile is not built here (no Docker); its structure is checked instead. */
class DockerfileTest {

  static List<String> lines() throws IOException {
    return Files.readAllLines(DeployFiles.file("Dockerfile")).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  static String runtimeUser() throws IOException {
    return lines().stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow().substring(5).strip();
  }

  @Test
  void multiStageBuildWithTheWrapperOnAJdkRunOnAJre() throws IOException {
    List<String> from = lines().stream().filter(l -> l.startsWith("FROM ")).toList();
    assertThat(from).hasSize(2);
    assertThat(from.get(0)).contains("jdk").contains(" AS build");
    assertThat(from.get(1)).contains("jre");
    assertThat(lines()).anyMatch(l -> l.startsWith("RUN ./mvnw ") && l.contains("-pl agent"));
  }

  @Test
  void runsTheShadedJarItCopiesAsANonRootUser() throws IOException {
    String copy = lines().stream().filter(l -> l.startsWith("COPY --from=build")).findFirst().orElseThrow();
    assertThat(copy).contains("agent/target/pouch.jar");
    String jar = copy.substring(copy.lastIndexOf(' ') + 1);
    String entry = lines().stream().filter(l -> l.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
    assertThat(entry).contains("\"-jar\", \"" + jar + "\"");
    String user = runtimeUser();
    assertThat(user).matches("\\d+:\\d+");
    assertThat(Integer.parseInt(user.split(":")[0])).isPositive();
    assertThat(lines()).contains("EXPOSE 9464");
  }
}
