package dev.pouch.it.servers;

import static dev.pouch.it.servers.FakeGcsHttp.JSON;
import static dev.pouch.it.servers.FakeGcsHttp.body;
import static dev.pouch.it.servers.FakeGcsHttp.drain;
import static dev.pouch.it.servers.FakeGcsHttp.encode;
import static dev.pouch.it.servers.FakeGcsHttp.etag;
import static dev.pouch.it.servers.FakeGcsHttp.objectJson;
import static dev.pouch.it.servers.FakeGcsHttp.preconditions;
import static dev.pouch.it.servers.FakeGcsHttp.query;
import static dev.pouch.it.servers.FakeGcsHttp.segments;
import static dev.pouch.it.servers.FakeGcsHttp.send;
import static dev.pouch.it.servers.FakeGcsHttp.sendError;
import static dev.pouch.it.servers.FakeGcsHttp.sendJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pouch.it.servers.FakeGcsStore.Refusal;
import dev.pouch.it.servers.FakeGcsStore.Session;
import dev.pouch.it.servers.FakeGcsStore.StoredObject;
import dev.pouch.storage.gcs.GcsBackendConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process fake of the Google Cloud Storage JSON API, as much of it as google-cloud-storage's HTTP client uses:
 * buckets; objects with generations; {@code ifGenerationMatch}/{@code ifGenerationNotMatch}/
 * {@code ifMetagenerationMatch} preconditions (412); multipart uploads (gzip or not); resumable uploads with 308
 * answers, resends of acknowledged bytes and preconditions re-checked at finalisation; ranged downloads (206, 416);
 * lexicographic, paged listing with prefix and delimiter; deletes.
 *
 * <p>Fault hooks act per bucket, so tests running in parallel against one server do not disturb each other:
 * {@link #failNext}, {@link #shortAcknowledgeNextChunk}, {@link #dropNextDownload}, {@link #requireToken}.
 * {@link #requests(String)} records every request on a bucket, to assert attempt counts.
 */
public final class FakeGcsServer implements AutoCloseable {

  private static final int CHUNK_GRANULARITY = 256 * 1024;

  private final HttpServer server;
  private final ExecutorService executor;
  private final FakeGcsStore store = new FakeGcsStore();
  private final Map<String, Faults> faults = new ConcurrentHashMap<>();
  private final Map<String, List<String>> requests = new ConcurrentHashMap<>();

  /** The faults queued for one bucket. */
  private static final class Faults {
    final List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger shortAckBytes = new AtomicInteger();
    volatile long dropDownloadAfter = -1;
    volatile String requiredToken;
  }

  private FakeGcsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts a server on a free loopback port; prefer the shared one from {@link TestServers}. */
  public static FakeGcsServer start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    AtomicInteger counter = new AtomicInteger();
    ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "fake-gcs-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    FakeGcsServer fake = new FakeGcsServer(server, executor);
    server.createContext("/", fake::handle);
    server.start();
    return fake;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The host to hand the client ({@code StorageOptions.setHost}). */
  public URI host() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** A new bucket with a random name. */
  public String createBucket() {
    String bucket = "it-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20).toLowerCase(Locale.ROOT);
    store.createBucket(bucket, Instant.now());
    return bucket;
  }

  /** A backend configuration for {@code bucket} on this server, with few retries and short timeouts. */
  public GcsBackendConfig.Builder configFor(String bucket) {
    return GcsBackendConfig.builder(bucket)
        .host(host())
        .project("test-project")
        .credentials(new GcsBackendConfig.NoCredentials())
        .maxAttempts(3)
        .totalRetryTimeout(Duration.ofSeconds(10))
        .connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(20));
  }

  /** The next {@code count} requests on {@code bucket} are answered {@code status} (503, 429, ...). */
  public void failNext(String bucket, int count, int status) {
    Faults f = faults(bucket);
    for (int i = 0; i < count; i++) {
      f.statuses.add(status);
    }
  }

  /**
   * The next intermediate chunk of a resumable upload on {@code bucket} is acknowledged {@code bytes} short (rounded
   * to GCS's 256 KiB granularity), so the client must resend the tail.
   */
  public void shortAcknowledgeNextChunk(String bucket, int bytes) {
    faults(bucket).shortAckBytes.set(bytes);
  }

  /** The next download on {@code bucket} sends its headers and {@code bytes} bytes, then drops the connection. */
  public void dropNextDownload(String bucket, long bytes) {
    faults(bucket).dropDownloadAfter = bytes;
  }

  /** Requests on {@code bucket} must carry {@code Authorization: Bearer <token>}, else 401. */
  public void requireToken(String bucket, String token) {
    faults(bucket).requiredToken = token;
  }

  /** Every request on {@code bucket} so far, as {@code METHOD path?query}. */
  public List<String> requests(String bucket) {
    return List.copyOf(requests.getOrDefault(bucket, List.of()));
  }

  /** The stored bytes of an object, or null; for looking behind the client. */
  public byte[] objectData(String bucket, String name) {
    try {
      return store.get(bucket, name).data();
    } catch (Refusal e) {
      return null;
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private Faults faults(String bucket) {
    return faults.computeIfAbsent(bucket, b -> new Faults());
  }

  // ---------------------------------------------------------------- routing

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      List<String> path = segments(exchange.getRequestURI().getRawPath());
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      String bucket = bucketOf(path);
      if (bucket != null) {
        requests.computeIfAbsent(bucket, b -> Collections.synchronizedList(new ArrayList<>()))
            .add(method + " " + exchange.getRequestURI());
        Faults f = faults.get(bucket);
        if (f != null && f.requiredToken != null
            && !("Bearer " + f.requiredToken).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
          drain(exchange);
          sendError(exchange, 401, "authError", "Invalid Credentials");
          return;
        }
        if (f != null) {
          Integer status;
          synchronized (f.statuses) {
            status = f.statuses.isEmpty() ? null : f.statuses.remove(0);
          }
          if (status != null) {
            drain(exchange);
            sendError(exchange, status, status == 429 ? "rateLimitExceeded" : "backendError",
                "injected fault " + status);
            return;
          }
        }
      }
      try {
        route(exchange, method, path, query);
      } catch (Refusal r) {
        drain(exchange);
        sendError(exchange, r.status, r.reason, r.getMessage());
      }
    } catch (IOException | RuntimeException e) {
      // the client hung up or a fault dropped the connection; nothing to answer
    }
  }

  /** The bucket a request concerns, from {@code /storage/v1/b/{b}...}, {@code /upload/...} or {@code /download/...}. */
  private static String bucketOf(List<String> path) {
    int b = path.indexOf("b");
    return b >= 0 && b + 1 < path.size() ? path.get(b + 1) : null;
  }

  private void route(HttpExchange exchange, String method, List<String> path, Map<String, String> query)
      throws IOException, Refusal {
    int n = path.size();
    boolean json = n >= 2 && path.get(0).equals("storage") && path.get(1).equals("v1");
    boolean upload = n >= 3 && path.get(0).equals("upload") && path.get(1).equals("storage");
    boolean download = n >= 3 && path.get(0).equals("download") && path.get(1).equals("storage");
    if (json && n == 3 && path.get(2).equals("b") && method.equals("POST")) {
      createBucket(exchange);
    } else if (json && n == 4 && method.equals("GET")) {
      getBucket(exchange, path.get(3));
    } else if (json && n == 4 && method.equals("DELETE")) {
      store.deleteBucket(path.get(3));
      send(exchange, 204, null, null);
    } else if (json && n == 5 && path.get(4).equals("o") && method.equals("GET")) {
      list(exchange, path.get(3), query);
    } else if ((json || download) && n == 6 + (download ? 1 : 0) && method.equals("GET")) {
      String bucket = path.get(n - 3);
      String name = path.get(n - 1);
      if ("media".equals(query.get("alt"))) {
        media(exchange, bucket, name, query);
      } else {
        sendJson(exchange, 200, objectJson(generationOf(store.get(bucket, name), query)));
      }
    } else if (json && n == 6 && method.equals("DELETE")) {
      store.delete(path.get(3), path.get(5), preconditions(query));
      send(exchange, 204, null, null);
    } else if (upload && n == 6 && method.equals("POST")) {
      startUpload(exchange, path.get(4), query);
    } else if (upload && n == 6 && method.equals("PUT") && query.containsKey("upload_id")) {
      uploadChunk(exchange, path.get(4), query.get("upload_id"));
    } else {
      drain(exchange);
      sendError(exchange, 501, "notImplemented", "fake GCS does not implement " + method + " " + path);
    }
  }

  // ---------------------------------------------------------------- buckets

  private void createBucket(HttpExchange exchange) throws IOException {
    JsonNode body = JSON.readTree(body(exchange));
    String name = body.path("name").asText();
    if (!store.createBucket(name, Instant.now())) {
      sendError(exchange, 409, "conflict", "Your previous request to create the named bucket succeeded and you "
          + "already own it.");
      return;
    }
    sendJson(exchange, 200, bucketJson(name));
  }

  private void getBucket(HttpExchange exchange, String bucket) throws IOException, Refusal {
    if (store.bucketCreated(bucket) == null) {
      throw Refusal.noBucket();
    }
    sendJson(exchange, 200, bucketJson(bucket));
  }

  private Map<String, Object> bucketJson(String bucket) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", "storage#bucket");
    json.put("id", bucket);
    json.put("name", bucket);
    json.put("projectNumber", "0");
    json.put("metageneration", "1");
    json.put("location", "US");
    json.put("storageClass", "STANDARD");
    json.put("etag", "CAE=");
    Instant created = store.bucketCreated(bucket);
    json.put("timeCreated", created.toString());
    json.put("updated", created.toString());
    return json;
  }

  // ---------------------------------------------------------------- objects

  private static StoredObject generationOf(StoredObject object, Map<String, String> query) throws Refusal {
    String generation = query.get("generation");
    if (generation != null && Long.parseLong(generation) != object.generation()) {
      throw Refusal.noObject(object.bucket(), object.name());
    }
    if (!preconditions(query).holdFor(object)) {
      throw Refusal.preconditionFailed();
    }
    return object;
  }

  private void list(HttpExchange exchange, String bucket, Map<String, String> query) throws IOException, Refusal {
    String prefix = query.getOrDefault("prefix", "");
    String delimiter = query.get("delimiter");
    int max = Math.min(1000, Integer.parseInt(query.getOrDefault("maxResults", "1000")));
    String token = query.get("pageToken");
    String after = token == null || token.isEmpty()
        ? null : new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    FakeGcsStore.ListPage page = store.list(bucket, prefix, delimiter, max, after);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", "storage#objects");
    if (!page.items().isEmpty()) {
      json.put("items", page.items().stream().map(FakeGcsHttp::objectJson).toList());
    }
    if (!page.prefixes().isEmpty()) {
      json.put("prefixes", page.prefixes());
    }
    if (page.more()) {
      json.put("nextPageToken",
          Base64.getUrlEncoder().withoutPadding().encodeToString(page.last().getBytes(StandardCharsets.UTF_8)));
    }
    sendJson(exchange, 200, json);
  }

  private void media(HttpExchange exchange, String bucket, String name, Map<String, String> query)
      throws IOException, Refusal {
    StoredObject object = generationOf(store.get(bucket, name), query);
    byte[] data = object.data();
    exchange.getResponseHeaders().set("x-goog-generation", Long.toString(object.generation()));
    exchange.getResponseHeaders().set("x-goog-metageneration", Long.toString(object.metageneration()));
    exchange.getResponseHeaders().set("x-goog-stored-content-length", Integer.toString(data.length));
    exchange.getResponseHeaders().set("x-goog-stored-content-encoding", "identity");
    exchange.getResponseHeaders().set("x-goog-hash", "crc32c=" + object.crc32c() + ",md5=" + object.md5());
    exchange.getResponseHeaders().set("ETag", etag(object));
    exchange.getResponseHeaders().set("Content-Type", object.contentType());
    long first = 0;
    long last = data.length - 1L;
    int status = 200;
    String range = exchange.getRequestHeaders().getFirst("Range");
    if (range != null && range.startsWith("bytes=")) {
      String spec = range.substring("bytes=".length());
      int dash = spec.indexOf('-');
      if (dash == 0) { // suffix: the last n bytes
        first = Math.max(0, data.length - Long.parseLong(spec.substring(1)));
      } else {
        first = Long.parseLong(spec.substring(0, dash));
        if (dash < spec.length() - 1) {
          last = Math.min(last, Long.parseLong(spec.substring(dash + 1)));
        }
      }
      if (first >= data.length) {
        exchange.getResponseHeaders().set("Content-Range", "bytes */" + data.length);
        sendError(exchange, 416, "requestedRangeNotSatisfiable", "The requested range cannot be satisfied.");
        return;
      }
      status = 206;
      exchange.getResponseHeaders().set("Content-Range", "bytes " + first + "-" + last + "/" + data.length);
    }
    long length = last - first + 1;
    Faults f = faults.get(bucket);
    long drop = f == null ? -1 : f.dropDownloadAfter;
    if (drop >= 0) {
      f.dropDownloadAfter = -1;
      exchange.sendResponseHeaders(status, length);
      OutputStream out = exchange.getResponseBody();
      out.write(data, (int) first, (int) Math.min(drop, length));
      out.flush();
      throw new IOException("injected connection drop"); // closing short of Content-Length aborts the connection
    }
    exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
    if (length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(data, (int) first, (int) length);
      }
    }
  }

  // ---------------------------------------------------------------- uploads

  private void startUpload(HttpExchange exchange, String bucket, Map<String, String> query)
      throws IOException, Refusal {
    String type = query.getOrDefault("uploadType", "media");
    byte[] body = body(exchange);
    switch (type) {
      case "multipart" -> {
        MultipartRelated parts = MultipartRelated.parse(exchange.getRequestHeaders().getFirst("Content-Type"), body);
        JsonNode metadata = JSON.readTree(parts.metadata());
        String name = query.getOrDefault("name", metadata.path("name").asText(null));
        StoredObject object = store.put(bucket, name, parts.media(), metadata.path("contentType").asText(null),
            preconditions(query), Instant.now());
        sendJson(exchange, 200, objectJson(object));
      }
      case "media" -> {
        StoredObject object = store.put(bucket, query.get("name"), body,
            exchange.getRequestHeaders().getFirst("Content-Type"), preconditions(query), Instant.now());
        sendJson(exchange, 200, objectJson(object));
      }
      case "resumable" -> {
        JsonNode metadata = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        String name = query.getOrDefault("name", metadata.path("name").asText(null));
        if (name == null) {
          throw new Refusal(400, "required", "Required: object name");
        }
        Session session = store.startSession(bucket, name, metadata.path("contentType").asText(null),
            preconditions(query));
        exchange.getResponseHeaders().set("Location", host() + "/upload/storage/v1/b/" + encode(bucket)
            + "/o?uploadType=resumable&name=" + encode(name) + "&upload_id=" + session.id);
        exchange.getResponseHeaders().set("X-GUploader-UploadID", session.id);
        send(exchange, 200, null, null);
      }
      default -> throw new Refusal(400, "invalid", "unknown uploadType " + type);
    }
  }

  private void uploadChunk(HttpExchange exchange, String bucket, String uploadId) throws IOException, Refusal {
    Session session = store.session(uploadId);
    byte[] data = body(exchange);
    String contentRange = exchange.getRequestHeaders().getFirst("Content-Range");
    if (contentRange == null) { // a single request carrying the whole object
      contentRange = data.length == 0 ? "bytes */0" : "bytes 0-" + (data.length - 1) + "/" + data.length;
    }
    UploadRange range = UploadRange.parse(contentRange);
    if (session.result != null) {
      sendJson(exchange, 200, objectJson(session.result)); // already finalised: GCS repeats the object
      return;
    }
    if (range.first() >= 0) {
      long keep = Long.MAX_VALUE;
      Faults f = faults.get(bucket);
      int shortBy = f == null ? 0 : f.shortAckBytes.getAndSet(0);
      if (shortBy > 0 && range.total() < 0) {
        long newBytes = Math.max(0, range.first() + data.length - session.committed());
        long persisted = session.committed() + Math.max(0, newBytes - shortBy);
        keep = Math.max(0, persisted / CHUNK_GRANULARITY * CHUNK_GRANULARITY - session.committed());
      }
      store.append(session, range.first(), data, keep);
    }
    if (range.total() >= 0 && session.committed() == range.total()) {
      sendJson(exchange, 200, objectJson(store.finish(session, Instant.now())));
      return;
    }
    if (range.total() >= 0 && session.committed() > range.total()) {
      throw new Refusal(400, "invalid", "upload is larger than the declared total " + range.total());
    }
    if (session.committed() > 0) {
      exchange.getResponseHeaders().set("Range", "bytes=0-" + (session.committed() - 1));
    }
    send(exchange, 308, null, null);
  }
}
