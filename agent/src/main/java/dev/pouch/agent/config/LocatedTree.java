package dev.pouch.agent.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML document as a tree plus where each field starts in the text, keyed by its path ({@code source.path},
 * {@code copies[0].url}). Jackson's own tree forgets locations, which the error messages need.
 */
final class LocatedTree {

  private static final YAMLFactory YAML = new YAMLFactory();

  final JsonNode root;
  final Map<String, JsonLocation> locations;

  private LocatedTree(JsonNode root, Map<String, JsonLocation> locations) {
    this.root = root;
    this.locations = locations;
  }

  /**
   * Parses one YAML document.
   *
   * @throws IOException for YAML syntax errors (a {@link com.fasterxml.jackson.core.JsonProcessingException} with a
   *     location)
   * @throws DuplicateKeyException when a mapping names a key twice
   */
  static LocatedTree parse(String text) throws IOException {
    Map<String, JsonLocation> locations = new HashMap<>();
    try (JsonParser p = YAML.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return new LocatedTree(JsonNodeFactory.instance.objectNode(), locations);
      }
      JsonNode root = read(p, "", locations);
      return new LocatedTree(root, locations);
    }
  }

  /** A key that appears twice in one mapping; YAML forbids it and the second would silently win. */
  static final class DuplicateKeyException extends IOException {
    final String path;
    final JsonLocation location;

    DuplicateKeyException(String path, JsonLocation location) {
      super("duplicate key");
      this.path = path;
      this.location = location;
    }
  }

  private static JsonNode read(JsonParser p, String path, Map<String, JsonLocation> locations) throws IOException {
    locations.putIfAbsent(path, p.currentTokenLocation());
    JsonNodeFactory f = JsonNodeFactory.instance;
    switch (p.currentToken()) {
      case START_OBJECT -> {
        ObjectNode object = f.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          String child = path.isEmpty() ? name : path + "." + name;
          JsonLocation at = p.currentTokenLocation();
          if (object.has(name)) {
            throw new DuplicateKeyException(child, at);
          }
          locations.put(child, at);
          p.nextToken();
          object.set(name, read(p, child, locations));
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = f.arrayNode();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          array.add(read(p, path + "[" + i++ + "]", locations));
        }
        return array;
      }
      case VALUE_STRING -> {
        return f.textNode(p.getText());
      }
      case VALUE_NUMBER_INT -> {
        return f.numberNode(p.getBigIntegerValue());
      }
      case VALUE_NUMBER_FLOAT -> {
        return f.numberNode(p.getDecimalValue());
      }
      case VALUE_TRUE -> {
        return f.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return f.booleanNode(false);
      }
      case VALUE_NULL -> {
        return f.nullNode();
      }
      default -> {
        return f.textNode(p.getText());
      }
    }
  }
}
