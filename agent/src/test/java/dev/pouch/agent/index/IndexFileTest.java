package dev.pouch.agent.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.pack.PackContents;
import dev.pouch.agent.pack.PackEntry;
import dev.pouch.agent.repository.PackId;
import dev.pouch.agent.repository.MalformedObjectException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexFileTest {

  private static ChunkId id(int n) {
    byte[] b = new byte[32];
    b[0] = (byte) n;
    b[31] = (byte) (n * 7);
    return ChunkId.of(b);
  }

  private static PackId pack(int n) {
    byte[] b = new byte[32];
    b[5] = (byte) n;
    return PackId.of(b);
  }

  private final List<PackContents> packs = List.of(
      new PackContents(pack(1), 1, List.of(new PackEntry(id(1), 0, 100, 200, true),
          new PackEntry(id(2), 100, 50, 50, false))),
      new PackContents(pack(2), 3, List.of(new PackEntry(id(3), 0, 4000, 9000, true))));

  @Test
  void roundTrips() throws Exception {
    assertThat(IndexFile.decode(IndexFile.encode(packs), "t")).isEqualTo(packs);
  }

  @Test
  void everyTruncationIsMalformed() {
    byte[] bytes = IndexFile.encode(packs);
    for (int len = 0; len < bytes.length; len++) {
      byte[] cut = Arrays.copyOf(bytes, len);
      assertThatThrownBy(() -> IndexFile.decode(cut, "t")).isInstanceOf(MalformedObjectException.class);
    }
  }

  @Test
  void absurdCountsAreMalformedNotHuge() {
    byte[] bytes = IndexFile.encode(packs);
    bytes[8] = (byte) 0xff;
    bytes[9] = (byte) 0xff;
    bytes[10] = (byte) 0xff;
    bytes[11] = (byte) 0x7f;
    assertThatThrownBy(() -> IndexFile.decode(bytes, "t")).isInstanceOf(MalformedObjectException.class);
  }
}
