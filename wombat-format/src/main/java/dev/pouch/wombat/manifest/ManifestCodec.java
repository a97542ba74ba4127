package dev.pouch.wombat.manifest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.pouch.wombat.bytes.Bytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One MANIFEST line to and from bytes.
 *
 * <p>Encoding reproduces Zig's {@code std.json.stringify} with default options: fields in declaration order, no
 * whitespace, integers in decimal, byte slices as strings when valid UTF-8 (escaping {@code "}, {@code \}, and
 * control bytes as {@code \b \f \n \r \t} or {@code \}{@code u00xx}) and as arrays of byte values otherwise.
 * Parsing is as strict as Zig's {@code json.parseFromSlice} with default options: every field present, no unknown or
 * duplicate field, integers in range. Thread-safe.
 */
public final class ManifestCodec {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
      .build();
  private static final Set<String> CHANGE_FIELDS = Set.of("type", "level", "table_info", "timestamp");
  private static final List<String> TABLE_FIELDS = List.of("id", "path", "level", "smallest_key", "largest_key",
      "size", "key_count", "created_at", "checksum");
  private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final BigInteger U32_MAX = BigInteger.valueOf(0xFFFF_FFFFL);

  private ManifestCodec() {}

  /** The line Wombat writes for {@code change}, including the final {@code \n}. */
  public static byte[] encodeLine(ManifestChange change) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    ascii(out, "{\"type\":\"");
    ascii(out, change.type().json());
    ascii(out, "\",\"level\":");
    ascii(out, Long.toUnsignedString(change.level()));
    ascii(out, ",\"table_info\":");
    if (change.tableInfo().isEmpty()) {
      ascii(out, "null");
    } else {
      TableInfo t = change.tableInfo().get();
      ascii(out, "{\"id\":" + Long.toUnsignedString(t.id()) + ",\"path\":");
      byteField(out, t.path());
      ascii(out, ",\"level\":" + Long.toUnsignedString(t.level()) + ",\"smallest_key\":");
      byteField(out, t.smallestKey());
      ascii(out, ",\"largest_key\":");
      byteField(out, t.largestKey());
      ascii(out, ",\"size\":" + Long.toUnsignedString(t.size()) + ",\"key_count\":"
          + Long.toUnsignedString(t.keyCount()) + ",\"created_at\":" + Long.toUnsignedString(t.createdAt())
          + ",\"checksum\":" + Long.toUnsignedString(t.checksum()) + "}");
    }
    ascii(out, ",\"timestamp\":" + Long.toUnsignedString(change.timestamp()) + "}\n");
    return out.toByteArray();
  }

  private static void ascii(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }

  private static void byteField(ByteArrayOutputStream out, Bytes value) {
    byte[] b = value.toByteArray();
    if (!isValidUtf8(b)) {
      out.write('[');
      for (int i = 0; i < b.length; i++) {
        if (i > 0) {
          out.write(',');
        }
        ascii(out, Integer.toString(b[i] & 0xFF));
      }
      out.write(']');
      return;
    }
    out.write('"');
    for (byte x : b) {
      int c = x & 0xFF;
      switch (c) {
        case '\\' -> ascii(out, "\\\\");
        case '"' -> ascii(out, "\\\"");
        case 0x08 -> ascii(out, "\\b");
        case 0x0C -> ascii(out, "\\f");
        case '\n' -> ascii(out, "\\n");
        case '\r' -> ascii(out, "\\r");
        case '\t' -> ascii(out, "\\t");
        default -> {
          if (c < 0x20) {
            ascii(out, String.format("\\u%04x", c));
          } else {
            out.write(c);
          }
        }
      }
    }
    out.write('"');
  }

  static boolean isValidUtf8(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /**
   * Parses one line (without its {@code \n}).
   *
   * @return the change, or the reason Wombat's parser would reject the line
   */
  public static ParsedLine parseLine(byte[] buf, int off, int len) {
    JsonNode root;
    try {
      root = JSON.readTree(buf, off, len);
    } catch (JsonProcessingException e) {
      return new ParsedLine.Rejected("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      return new ParsedLine.Rejected("not JSON: " + e.getMessage());
    }
    try {
      return new ParsedLine.Parsed(change(root));
    } catch (ShapeException e) {
      return new ParsedLine.Rejected(e.getMessage());
    }
  }

  private static ManifestChange change(JsonNode root) throws ShapeException {
    requireFields(root, CHANGE_FIELDS, "change");
    JsonNode typeNode = root.get("type");
    if (!typeNode.isTextual()) {
      throw new ShapeException("type is not a string");
    }
    ChangeType type = ChangeType.fromJson(typeNode.textValue())
        .orElseThrow(() -> new ShapeException("unknown type"));
    long level = unsigned(root.get("level"), U32_MAX, "level");
    long timestamp = unsigned(root.get("timestamp"), U64_MAX, "timestamp");
    JsonNode tableNode = root.get("table_info");
    Optional<TableInfo> table = tableNode.isNull() ? Optional.empty() : Optional.of(table(tableNode));
    return new ManifestChange(type, level, table, timestamp);
  }

  private static TableInfo table(JsonNode node) throws ShapeException {
    requireFields(node, Set.copyOf(TABLE_FIELDS), "table_info");
    return new TableInfo(
        unsigned(node.get("id"), U64_MAX, "id"),
        bytes(node.get("path"), "path"),
        unsigned(node.get("level"), U32_MAX, "table level"),
        bytes(node.get("smallest_key"), "smallest_key"),
        bytes(node.get("largest_key"), "largest_key"),
        unsigned(node.get("size"), U64_MAX, "size"),
        unsigned(node.get("key_count"), U64_MAX, "key_count"),
        unsigned(node.get("created_at"), U64_MAX, "created_at"),
        unsigned(node.get("checksum"), U64_MAX, "checksum"));
  }

  private static void requireFields(JsonNode node, Set<String> fields, String what) throws ShapeException {
    if (!node.isObject()) {
      throw new ShapeException(what + " is not an object");
    }
    if (node.size() != fields.size()) {
      throw new ShapeException(what + " has " + node.size() + " fields, expected " + fields.size());
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!fields.contains(name)) {
        throw new ShapeException(what + " has an unknown field");
      }
    }
  }

  private static long unsigned(JsonNode node, BigInteger max, String what) throws ShapeException {
    if (!node.isIntegralNumber()) {
      throw new ShapeException(what + " is not an integer");
    }
    BigInteger v = node.bigIntegerValue();
    if (v.signum() < 0 || v.compareTo(max) > 0) {
      throw new ShapeException(what + " is out of range");
    }
    return v.longValue();
  }

  private static Bytes bytes(JsonNode node, String what) throws ShapeException {
    if (node.isTextual()) {
      return Bytes.ofUtf8(node.textValue());
    }
    if (node.isArray()) {
      byte[] out = new byte[node.size()];
      for (int i = 0; i < out.length; i++) {
        JsonNode e = node.get(i);
        if (!e.isIntegralNumber() || e.bigIntegerValue().signum() < 0
            || e.bigIntegerValue().compareTo(BigInteger.valueOf(255)) > 0) {
          throw new ShapeException(what + " holds a non-byte element");
        }
        out[i] = (byte) e.intValue();
      }
      return Bytes.wrap(out);
    }
    throw new ShapeException(what + " is neither a string nor a byte array");
  }

  /** A line whose JSON does not have the shape of a change. */
  private static final class ShapeException extends Exception {
    ShapeException(String message) {
      super(message, null, false, false);
    }
  }
}
