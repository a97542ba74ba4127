package dev.pouch.agent.monitoring;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The sidecar's HTTP endpoints: {@code /metrics} (Prometheus text format), {@code /healthz} (200 while the process
 * serves requests: a liveness probe) and {@code /readyz} (200 when the repository is open and the last backup did
 * not fail, else 503 with the reason: a readiness probe). Two daemon threads; {@link #close} stops it.
 */
public final class MetricsServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Binds and starts; port 0 picks a free port ({@link #port()} tells which). */
  public static MetricsServer start(String host, int port, PouchMetrics metrics, ReadinessProbe readiness)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
    ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "pouch-metrics-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/metrics", new MetricsHandler(metrics.registry()));
    server.createContext("/healthz", exchange -> respond(exchange, 200, "ok\n"));
    server.createContext("/readyz", exchange -> {
      Optional<String> reason = readiness.notReadyReason();
      respond(exchange, reason.isEmpty() ? 200 : 503, reason.map(r -> "not ready: " + r + "\n").orElse("ready\n"));
    });
    server.createContext("/", exchange -> respond(exchange, 404, "try /metrics, /healthz or /readyz\n"));
    server.start();
    return new MetricsServer(server, executor);
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
