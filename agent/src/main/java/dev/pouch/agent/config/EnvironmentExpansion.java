package dev.pouch.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code ${NAME}} and {@code ${NAME:-default}} in text values, from the process environment. An unset variable
 * without a default is an error, not an empty string: an empty repository URL or password file must not be
 * guessed. {@code $$} writes a literal {@code $}. Keys are never expanded.
 */
final class EnvironmentExpansion {

  /** A variable that is not set, at the path of the value that names it. */
  record Unset(String path, String variable) {}

  private final Map<String, String> env;
  private final List<Unset> unset = new ArrayList<>();

  EnvironmentExpansion(Map<String, String> env) {
    this.env = env;
  }

  /** Expands every text value in place and returns the variables that were missing. */
  List<Unset> expand(JsonNode root) {
    walk(root, "");
    return List.copyOf(unset);
  }

  private void walk(JsonNode node, String path) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      List<Map.Entry<String, JsonNode>> copy = new ArrayList<>();
      fields.forEachRemaining(copy::add);
      for (Map.Entry<String, JsonNode> e : copy) {
        String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        if (e.getValue() instanceof TextNode text) {
          object.set(e.getKey(), expandScalar(text.textValue(), child));
        } else {
          walk(e.getValue(), child);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        String child = path + "[" + i + "]";
        if (array.get(i) instanceof TextNode text) {
          array.set(i, expandScalar(text.textValue(), child));
        } else {
          walk(array.get(i), child);
        }
      }
    }
  }

  /**
   * Expands one text value. A value that was only a reference ({@code port: ${PORT}}) is then typed as YAML would
   * type the same text written literally, so numbers and booleans from the environment keep their types.
   */
  private JsonNode expandScalar(String value, String path) {
    String expanded = expand(value, path);
    if (expanded.equals(value) || !value.trim().startsWith("${") || !value.trim().endsWith("}")) {
      return TextNode.valueOf(expanded);
    }
    String t = expanded.trim();
    if (t.equals("true") || t.equals("false")) {
      return BooleanNode.valueOf(Boolean.parseBoolean(t));
    }
    if (t.matches("-?\\d{1,18}")) {
      return LongNode.valueOf(Long.parseLong(t));
    }
    if (t.matches("-?\\d+\\.\\d+")) {
      return DecimalNode.valueOf(new java.math.BigDecimal(t));
    }
    return TextNode.valueOf(expanded);
  }

  String expand(String value, String path) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < value.length()) {
      char c = value.charAt(i);
      if (c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '{') {
        int end = value.indexOf('}', i + 2);
        if (end < 0) {
          out.append(value, i, value.length());
          break;
        }
        String body = value.substring(i + 2, end);
        int dflt = body.indexOf(":-");
        String name = dflt >= 0 ? body.substring(0, dflt) : body;
        String v = env.get(name);
        if (v == null || v.isEmpty()) {
          if (dflt >= 0) {
            v = body.substring(dflt + 2);
          } else {
            unset.add(new Unset(path, name));
            v = "";
          }
        }
        out.append(v);
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
