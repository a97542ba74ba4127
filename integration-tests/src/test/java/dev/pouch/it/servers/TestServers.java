package dev.pouch.it.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension handing out the test servers ({@link S3ProxyServer}, {@link AzuriteServer},
 * {@link FakeGcsServer}) as constructor or method parameters. Each kind is started lazily on first use, once per
 * test JVM, and kept in the root {@link ExtensionContext.Store}, which closes it after the last test.
 *
 * <pre>{@code
 * @ExtendWith(TestServers.class)
 * class S3ThingIT {
 *   S3ThingIT(S3ProxyServer s3) { ... }
 * }
 * }</pre>
 */
public final class TestServers implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestServers.class);

  private interface Starter {
    AutoCloseable start() throws IOException;
  }

  private static final Map<Class<?>, Starter> STARTERS = Map.of(
      S3ProxyServer.class, S3ProxyServer::start,
      AzuriteServer.class, AzuriteServer::start,
      FakeGcsServer.class, FakeGcsServer::start);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return STARTERS.containsKey(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    try {
      return shared(type, context);
    } catch (UncheckedIOException e) {
      throw new ParameterResolutionException("cannot start " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** A loopback port nobody listens on (a moment ago), for "cannot reach" tests. */
  public static int unusedPort() throws IOException {
    return ServerProcess.freePort();
  }

  /** The test JVM's one server of {@code type}, started on first use. */
  public static <T> T shared(Class<T> type, ExtensionContext context) {
    Starter starter = STARTERS.get(type);
    if (starter == null) {
      throw new IllegalArgumentException("not a test server: " + type);
    }
    // the root store is shared by every test class, and closes AutoCloseable values when the run ends
    Object server = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(type, key -> {
      try {
        return starter.start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    return type.cast(server);
  }
}
