package dev.pouch.wombat.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.wombat.bytes.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ManifestCodecTest {

  private static String line(ManifestChange c) {
    return new String(ManifestCodec.encodeLine(c), StandardCharsets.UTF_8);
  }

  private static ParsedLine parse(String json) {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    return ManifestCodec.parseLine(b, 0, b.length);
  }

  @Test
  void encodesTheReferenceExample() {
    ManifestChange change = ManifestChange.add(TableInfo.flushed(1, 1752900000000L), 1752900000L);
    assertThat(line(change)).isEqualTo("{\"type\":\"add_table\",\"level\":0,\"table_info\":{\"id\":1,"
        + "\"path\":\"table_1.sst\",\"level\":0,\"smallest_key\":\"\",\"largest_key\":\"\",\"size\":0,"
        + "\"key_count\":0,\"created_at\":1752900000000,\"checksum\":0},\"timestamp\":1752900000}\n");
  }

  @Test
  void nullTableAndUnsignedExtremes() {
    ManifestChange change = new ManifestChange(ChangeType.CREATE_LEVEL, 0xFFFF_FFFFL, Optional.empty(), -1L);
    assertThat(line(change)).isEqualTo(
        "{\"type\":\"create_level\",\"level\":4294967295,\"table_info\":null,\"timestamp\":18446744073709551615}\n");
  }

  @Test
  void byteFieldsAreStringsOrArraysLikeZig() {
    TableInfo t = new TableInfo(7, Bytes.ofUtf8("a\"b\\c\n\t\u0001\u007fé"), 2,
        Bytes.wrap(new byte[] {(byte) 0xFF, 0}),
        Bytes.empty(), 1, 2, 3, 4);
    String s = line(ManifestChange.delete(t, 5));
    assertThat(s).contains("\"path\":\"a\\\"b\\\\c\\n\\t\\u0001\u007fé\"");
    assertThat(s).contains("\"smallest_key\":[255,0]");
    ParsedLine parsed = parse(s.substring(0, s.length() - 1));
    assertThat(parsed).isEqualTo(new ParsedLine.Parsed(ManifestChange.delete(t, 5)));
  }

  @Test
  void randomChangesRoundTripByteForByte() {
    Random random = new Random(17);
    for (int i = 0; i < 300; i++) {
      byte[] key = new byte[random.nextInt(12)];
      random.nextBytes(key);
      TableInfo t = new TableInfo(random.nextLong(), Bytes.ofUtf8("table_" + i + ".sst"), random.nextInt(9),
          Bytes.wrap(key), Bytes.ofUtf8("k" + i), random.nextLong(), random.nextLong(), random.nextLong(),
          random.nextLong() & 0xFFFF_FFFFL);
      ManifestChange c = random.nextBoolean() ? ManifestChange.add(t, random.nextLong())
          : ManifestChange.delete(t, random.nextLong());
      byte[] encoded = ManifestCodec.encodeLine(c);
      ParsedLine parsed = ManifestCodec.parseLine(encoded, 0, encoded.length - 1);
      assertThat(parsed).isInstanceOf(ParsedLine.Parsed.class);
      assertThat(ManifestCodec.encodeLine(((ParsedLine.Parsed) parsed).change())).isEqualTo(encoded);
    }
  }

  @Test
  void rejectsWhatZigsStrictParserRejects() {
    String ok = "{\"type\":\"add_table\",\"level\":0,\"table_info\":null,\"timestamp\":1}";
    assertThat(parse(ok)).isInstanceOf(ParsedLine.Parsed.class);
    assertThat(parse("{\"type\":\"add_table\",\"level\":0,\"timestamp\":1}")).isInstanceOf(ParsedLine.Rejected.class);
    assertThat(parse(ok.replace("}", ",\"extra\":1}"))).isInstanceOf(ParsedLine.Rejected.class);
    assertThat(parse(ok.replace("\"level\":0", "\"level\":0,\"level\":1"))).isInstanceOf(ParsedLine.Rejected.class);
    assertThat(parse(ok.replace("add_table", "drop_table"))).isInstanceOf(ParsedLine.Rejected.class);
    assertThat(parse(ok.replace("\"level\":0", "\"level\":4294967296"))).isInstanceOf(ParsedLine.Rejected.class);
    assertThat(parse(ok.replace("\"level\":0", "\"level\":-1"))).isInstanceOf(ParsedLine.Rejected.class);
    assertThat(parse(ok.replace("\"level\":0", "\"level\":\"0\""))).isInstanceOf(ParsedLine.Rejected.class);
    assertThat(parse(ok + " {}")).isInstanceOf(ParsedLine.Rejected.class);
    assertThat(parse("{\"type\":")).isInstanceOf(ParsedLine.Rejected.class);
    assertThat(parse("[1,2]")).isInstanceOf(ParsedLine.Rejected.class);
  }
}
