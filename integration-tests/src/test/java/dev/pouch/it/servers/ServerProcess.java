package dev.pouch.it.servers;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A test server running as a child process: started on a free loopback port (retried when the port was taken in
 * the meantime), its output in a log file, ready once its ready URL answers any HTTP status, and destroyed with its
 * descendants on {@link #close()} or, for an aborted run, by a shutdown hook.
 */
final class ServerProcess implements AutoCloseable {

  private static final int START_ATTEMPTS = 3;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final String name;
  private final Process process;
  private final int port;
  private final Path log;
  private final Thread shutdownHook;

  private ServerProcess(String name, Process process, int port, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
    this.shutdownHook = new Thread(() -> destroy(process), "stop-" + name);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts {@code command.apply(port)} and waits until {@code readyUrl.apply(port)} answers.
   *
   * @param port the port to use, or 0 for a free one (then a start that loses the port to a race is retried)
   */
  static ServerProcess start(String name, int port, IntFunction<List<String>> command, IntFunction<URI> readyUrl,
      Path log) throws IOException {
    Files.createDirectories(log.getParent());
    IOException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      int chosen = port != 0 ? port : freePort();
      ProcessBuilder builder = new ProcessBuilder(command.apply(chosen))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Process process = builder.start();
      ServerProcess server = new ServerProcess(name, process, chosen, log);
      try {
        server.awaitReady(readyUrl.apply(chosen));
        return server;
      } catch (IOException e) {
        server.close();
        last = e;
        if (port != 0 || !server.logTail().toLowerCase(Locale.ROOT).contains("address")) {
          throw e; // only "address already in use" is worth another port
        }
      }
    }
    throw last;
  }

  int port() {
    return port;
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the server at once, as a crash would (no clean shutdown). */
  void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    destroy(process);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down and runs the hook itself
    }
  }

  private void awaitReady(URI readyUrl) throws IOException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IOException(name + " exited with " + process.exitValue() + " at start-up; log " + log + ":\n"
            + logTail());
      }
      if (answers(readyUrl)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(name + " not ready after " + READY_TIMEOUT + "; log " + log + ":\n" + logTail());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + name, e);
      }
    }
  }

  private static boolean answers(URI url) {
    try {
      HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(2000);
      try {
        connection.getResponseCode(); // any status means the server is up
        return true;
      } finally {
        connection.disconnect();
      }
    } catch (IOException e) {
      return false;
    }
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  private static void destroy(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    descendants.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  /** A port that was free a moment ago on the loopback interface. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
