package dev.pouch.wombat.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.wombat.bytes.MemoryByteSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestReaderTest {

  private static TableInfo table(long id, long level) {
    TableInfo t = TableInfo.flushed(id, 1_000);
    return new TableInfo(t.id(), t.path(), level, t.smallestKey(), t.largestKey(), 0, 0, 1_000, 0);
  }

  @Test
  void writerOutputReadsBackAsTheSameChanges() throws Exception {
    MemoryByteSink sink = new MemoryByteSink();
    ManifestWriter writer = new ManifestWriter(sink);
    List<ManifestChange> changes = List.of(ManifestChange.add(table(1, 0), 10), ManifestChange.add(table(2, 0), 11),
        ManifestChange.delete(table(1, 0), 12));
    for (ManifestChange c : changes) {
      writer.append(c);
    }
    ManifestLog log = ManifestReader.read(sink.toByteArray());
    assertThat(log.changes()).isEqualTo(changes);
    assertThat(log.endsWithNewline()).isTrue();
    assertThat(log.unparseable()).isEmpty();
  }

  @Test
  void cutsATornLastLineAndReportsUnparseableOnes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ManifestCodec.encodeLine(ManifestChange.add(table(1, 0), 1)));
    out.writeBytes("not json\n\n".getBytes(StandardCharsets.UTF_8));
    out.writeBytes(ManifestCodec.encodeLine(ManifestChange.add(table(2, 0), 2)));
    int complete = out.size();
    byte[] third = ManifestCodec.encodeLine(ManifestChange.add(table(3, 0), 3));
    out.write(third, 0, third.length - 1);
    ManifestLog log = ManifestReader.read(out.toByteArray());
    assertThat(log.completeLength()).isEqualTo(complete);
    assertThat(log.tornTail()).isTrue();
    assertThat(log.entries()).extracting(e -> e.change().tableInfo().orElseThrow().id()).containsExactly(1L, 2L);
    assertThat(log.entries()).extracting(ManifestLog.Entry::lineNumber).containsExactly(1, 4);
    assertThat(log.unparseable()).singleElement().satisfies(u -> {
      assertThat(u.lineNumber()).isEqualTo(2);
      assertThat(u.length()).isEqualTo(8);
    });
  }

  @Test
  void replayAppendsAndSwapRemovesLikeWombat() {
    List<ManifestChange> changes = List.of(
        ManifestChange.add(table(1, 0), 1),
        ManifestChange.add(table(2, 0), 1),
        ManifestChange.add(table(3, 0), 1),
        ManifestChange.add(table(1, 0), 1),
        ManifestChange.add(table(9, 7), 1),
        ManifestChange.add(table(5, 2), 1),
        ManifestChange.delete(table(1, 0), 2),
        ManifestChange.delete(table(5, 1), 2),
        new ManifestChange(ChangeType.CREATE_LEVEL, 3, java.util.Optional.empty(), 3));
    ManifestLevels levels = ManifestLevels.replay(changes);
    assertThat(levels.level(0)).extracting(TableInfo::id).containsExactly(1L, 2L, 3L);
    assertThat(levels.level(2)).extracting(TableInfo::id).containsExactly(5L);
    assertThat(levels.tables()).hasSize(4);
  }

  @Test
  void emptyManifestEndsWithNewline() {
    ManifestLog log = ManifestReader.read(new byte[0]);
    assertThat(log.endsWithNewline()).isTrue();
    assertThat(log.entries()).isEmpty();
  }
}
