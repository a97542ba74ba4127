package dev.pouch.agent.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadStartTest {

  @TempDir Path tmp;

  final Path root = Path.of("/data");
  final ExcludeRules excludes = new ExcludeRules(List.of());
  final AtomicInteger made = new AtomicInteger();

  Integer make() {
    return made.incrementAndGet();
  }

  @Test
  void thePartMadeAheadIsTakenOnceByThePlanOfTheSameRootAndRules() throws IOException {
    HeadStart<Integer> ahead = new HeadStart<>();
    ahead.offer(root, excludes, this::make);
    assertThat(ahead.take(root, excludes, this::make)).isEqualTo(1);
    assertThat(ahead.take(root, excludes, this::make)).as("taken once").isEqualTo(2);
  }

  @Test
  void anotherRootOrOtherRulesMakeItAgain() throws IOException {
    HeadStart<Integer> ahead = new HeadStart<>();
    ahead.offer(root, excludes, this::make);
    assertThat(ahead.take(Path.of("/elsewhere"), excludes, this::make)).isEqualTo(2);
    ahead.offer(root, excludes, this::make);
    assertThat(ahead.take(root, new ExcludeRules(List.of()), this::make)).isEqualTo(4);
  }

  @Test
  void aFailedHeadStartIsMadeAgainByThePlanWhichReportsTheError() {
    HeadStart<Integer> ahead = new HeadStart<>();
    ahead.offer(root, excludes, () -> {
      throw new IOException("disk gone");
    });
    assertThatThrownBy(() -> ahead.take(root, excludes, () -> {
      throw new IOException("disk still gone");
    })).hasMessage("disk still gone");
  }

  @Test
  void aPlainDirectoryPlansFromItsListingMadeAhead() throws IOException {
    Files.writeString(tmp.resolve("a"), "a");
    PlainCapture capture = new PlainCapture();
    capture.prepare(tmp, excludes);
    Files.writeString(tmp.resolve("b"), "b");
    assertThat(capture.plan(tmp, excludes, java.util.Map.of()).entries()).extracting(SourceEntry::path)
        .containsExactly("a");
    assertThat(capture.plan(tmp, excludes, java.util.Map.of()).entries()).extracting(SourceEntry::path)
        .containsExactly("a", "b");
  }
}
