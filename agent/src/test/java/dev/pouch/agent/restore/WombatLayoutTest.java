package dev.pouch.agent.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pouch.agent.repository.Json;
import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.wal.WalRecord;
import dev.pouch.wombat.wal.WalRecordCodec;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restored WAL segments are renumbered past 1 and lose the zero padding Wombat's recovery left in them. */
class WombatLayoutTest {

  @TempDir Path dir;

  /** Two records with one all-zero padding record (a 17-byte zero header) between them. */
  private static byte[] paddedSegment(String key) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(WalRecordCodec.encode(WalRecord.put(Bytes.ofUtf8(key + "-a"), Bytes.ofUtf8("1"), 1)));
    out.writeBytes(new byte[WalRecord.HEADER_SIZE]);
    out.writeBytes(WalRecordCodec.encode(WalRecord.put(Bytes.ofUtf8(key + "-b"), Bytes.ofUtf8("2"), 2)));
    return out.toByteArray();
  }

  private static ObjectNode proofMarkingUnlinked(String... paths) {
    ObjectNode proof = Json.mapper().createObjectNode();
    ArrayNode files = proof.putArray("files");
    for (String p : List.of("wal_1.log", "wal_2.log")) {
      ObjectNode f = files.addObject().put("path", p).put("kind", "WAL");
      if (List.of(paths).contains(p)) {
        f.put("unlinked", true);
      }
    }
    return proof;
  }

  @Test
  void withoutAProofEverySegmentLosesItsPaddingAndIsRenumbered() throws Exception {
    byte[] segment = paddedSegment("k");
    Files.write(dir.resolve("wal_1.log"), segment);
    Files.write(dir.resolve("wal_2.log"), segment);
    List<String> notes = WombatLayout.prepare(dir);
    assertThat(Files.size(dir.resolve("wal_2.log"))).isEqualTo(segment.length - WalRecord.HEADER_SIZE);
    assertThat(Files.size(dir.resolve("wal_3.log"))).isEqualTo(segment.length - WalRecord.HEADER_SIZE);
    assertThat(Files.exists(dir.resolve("wal_1.log"))).isFalse();
    assertThat(notes).hasSize(3).last().asString().contains("2 WAL segments renumbered up by one");
  }

  @Test
  void withAProofOnlyTheSegmentsReadUnlinkedAreScannedForPadding() throws Exception {
    byte[] segment = paddedSegment("k");
    Files.write(dir.resolve("wal_1.log"), segment);
    Files.write(dir.resolve("wal_2.log"), segment);
    List<String> notes = WombatLayout.prepare(dir, proofMarkingUnlinked("wal_1.log"));
    assertThat(Files.size(dir.resolve("wal_2.log"))).as("was wal_1, read unlinked")
        .isEqualTo(segment.length - WalRecord.HEADER_SIZE);
    assertThat(Files.size(dir.resolve("wal_3.log"))).as("was wal_2, left as captured").isEqualTo(segment.length);
    assertThat(notes).anyMatch(n -> n.startsWith("wal_1.log: removed 1 zero padding record"));
  }
}
