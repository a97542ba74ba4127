package dev.pouch.it.servers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.pouch.it.servers.FakeGcsStore.Preconditions;
import dev.pouch.it.servers.FakeGcsStore.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** The JSON shapes and HTTP plumbing of {@link FakeGcsServer}: object resources, errors, bodies, paths, queries. */
final class FakeGcsHttp {

  static final ObjectMapper JSON = new ObjectMapper();

  private FakeGcsHttp() {}

  static Map<String, Object> objectJson(StoredObject object) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", "storage#object");
    json.put("id", object.bucket() + "/" + object.name() + "/" + object.generation());
    json.put("name", object.name());
    json.put("bucket", object.bucket());
    json.put("generation", Long.toString(object.generation()));
    json.put("metageneration", Long.toString(object.metageneration()));
    json.put("contentType", object.contentType());
    json.put("storageClass", "STANDARD");
    json.put("size", Integer.toString(object.data().length));
    json.put("md5Hash", object.md5());
    json.put("crc32c", object.crc32c());
    json.put("etag", etag(object));
    json.put("timeCreated", object.created().toString());
    json.put("updated", object.created().toString());
    return json;
  }

  static String etag(StoredObject object) {
    return Base64.getEncoder().encodeToString(Long.toString(object.generation()).getBytes(StandardCharsets.UTF_8));
  }

  static Preconditions preconditions(Map<String, String> query) {
    return new Preconditions(longParam(query, "ifGenerationMatch"), longParam(query, "ifGenerationNotMatch"),
        longParam(query, "ifMetagenerationMatch"));
  }

  static Long longParam(Map<String, String> query, String name) {
    String value = query.get(name);
    return value == null ? null : Long.valueOf(value);
  }

  static byte[] body(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    return in.readAllBytes();
  }

  static void drain(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
  }

  static void sendError(HttpExchange exchange, int status, String reason, String message)
      throws IOException {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", status);
    error.put("message", message);
    error.put("errors", List.of(Map.of("message", message, "domain", "global", "reason", reason)));
    sendJson(exchange, status, Map.of("error", error));
  }

  static void sendJson(HttpExchange exchange, int status, Object json) throws IOException {
    send(exchange, status, "application/json; charset=UTF-8", JSON.writeValueAsBytes(json));
  }

  static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    if (contentType != null) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
    }
    if (body == null || body.length == 0) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    for (String s : rawPath.split("/")) {
      if (!s.isEmpty()) {
        segments.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    return segments;
  }

  static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw == null) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      query.put(key, value);
    }
    return query;
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
