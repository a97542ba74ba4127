package dev.pouch.wombat.bytes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BytesTest {

  @Test
  void ordersUnsignedWithPrefixFirst() {
    Bytes empty = Bytes.empty();
    Bytes a = Bytes.of(new byte[] {0x01});
    Bytes ab = Bytes.of(new byte[] {0x01, 0x00});
    Bytes high = Bytes.of(new byte[] {(byte) 0xFF});
    assertThat(empty).isLessThan(a);
    assertThat(a).isLessThan(ab);
    assertThat(ab).isLessThan(high);
  }

  @Test
  void toStringHidesContent() {
    assertThat(Bytes.ofUtf8("secret-key").toString()).doesNotContain("secret").contains("10");
  }

  @Test
  void ofCopiesTheArray() {
    byte[] data = {1, 2, 3};
    Bytes b = Bytes.of(data);
    data[0] = 9;
    assertThat(b.unsignedAt(0)).isEqualTo(1);
    assertThat(b).isEqualTo(Bytes.of(new byte[] {1, 2, 3}));
  }

  @Test
  void fnvMatchesPublishedVectors() {
    assertThat(Fnv1a64.hash(new byte[0])).isEqualTo(0xcbf29ce484222325L);
    assertThat(Fnv1a64.hash("a".getBytes())).isEqualTo(0xaf63dc4c8601ec8cL);
    assertThat(Fnv1a64.hash("foobar".getBytes())).isEqualTo(0x85944171f73967e8L);
    assertThat(new Fnv1a64().update("foo".getBytes(), 0, 3).update("bar".getBytes(), 0, 3).value())
        .isEqualTo(0x85944171f73967e8L);
  }

  @Test
  void windowedReaderFindsFirstNonZeroAcrossWindows() throws Exception {
    byte[] data = new byte[10_000];
    data[7_777] = 5;
    WindowedReader reader = new WindowedReader(ByteSource.of(data), 1024);
    assertThat(reader.firstNonZero(0, data.length)).isEqualTo(7_777);
    assertThat(reader.firstNonZero(7_778, data.length)).isEqualTo(-1);
    assertThat(reader.u8(7_777)).isEqualTo(5);
  }

  @Test
  void prefixLimitsReads() throws Exception {
    ByteSource source = ByteSource.of(new byte[] {1, 2, 3, 4}).prefix(2);
    assertThat(source.length()).isEqualTo(2);
    assertThat(source.read(0, 2)).containsExactly(1, 2);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> source.read(1, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
