package dev.pouch.storage.gcs;

import com.google.cloud.BaseServiceException;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The one place that turns google-cloud-storage exceptions into {@link StorageException} leaves.
 *
 * <p>The client reports transport failures as code 0 with the {@link IOException} as cause. A put whose request
 * went out but whose answer never came is {@link StorageException.OutcomeUnknown}; on any other operation that is
 * {@link StorageException.Transient}.
 */
final class GcsErrors {

  private final String backend;
  private final String endpoint;

  GcsErrors(String backend, String endpoint) {
    this.backend = backend;
    this.endpoint = endpoint;
  }

  /** Translates an exception thrown by the client, or an {@link IOException} from one of its channels. */
  StorageException translate(String operation, BlobKey key, Exception e) {
    BaseServiceException service = find(e, BaseServiceException.class);
    if (service != null && service.getCode() > 0) {
      return fromService(operation, key, service, e);
    }
    return fromTransport(operation, key, e);
  }

  StorageException contentUnreadable(BlobKey key, IOException e) {
    return new StorageException.Rejected("put", key, backend, "reading the content to upload failed: "
        + e.getMessage(), e);
  }

  StorageException bucketMissing(String operation, BlobKey key) {
    return new StorageException.ContainerMissing(operation, key, backend,
        "bucket does not exist; create it first or fix the repository URL", null);
  }

  private StorageException fromService(String operation, BlobKey key, BaseServiceException service, Exception e) {
    int status = service.getCode();
    String message = service.getMessage() == null ? "" : service.getMessage();
    String detail = (service.getReason() == null ? "" : service.getReason() + " ") + "(HTTP " + status + ")";
    if (status == 404 && message.toLowerCase(Locale.ROOT).contains("bucket does not exist")) {
      return new StorageException.ContainerMissing(operation, key, backend,
          "bucket does not exist; create it first or fix the repository URL", e);
    }
    if (status == 404) {
      return new StorageException.NotFound(operation, key, backend, e);
    }
    if (status == 401 || status == 403) {
      return new StorageException.AccessDenied(operation, key, backend,
          "access denied: " + detail + "; check the credentials and their roles on the bucket", e);
    }
    if (status == 412) {
      return new StorageException.AlreadyExists(operation, key, backend, e);
    }
    if (status == 408 || status == 429 || status >= 500 && status != 501) {
      return new StorageException.Transient(operation, key, backend, detail + ": " + firstLine(message), e);
    }
    return new StorageException.Rejected(operation, key, backend, detail + ": " + firstLine(message), e);
  }

  private StorageException fromTransport(String operation, BlobKey key, Exception e) {
    Throwable auth = authFailure(e);
    if (auth != null) {
      // the credentials could not produce a token (revoked key, fixed token refused, no metadata server)
      return new StorageException.AccessDenied(operation, key, backend,
          "access denied: cannot obtain an access token: " + firstLine(auth.getMessage()), e);
    }
    if (find(e, UnknownHostException.class) != null) {
      return StorageException.Transient.unreachable(operation, key, backend,
          "cannot reach " + endpoint + ": unknown host", e);
    }
    if (find(e, ConnectException.class) != null || find(e, NoRouteToHostException.class) != null) {
      return StorageException.Transient.unreachable(operation, key, backend,
          "cannot reach " + endpoint + ": connection refused", e);
    }
    java.net.SocketTimeoutException timeout = find(e, java.net.SocketTimeoutException.class);
    if (timeout != null && timeout.getMessage() != null
        && timeout.getMessage().toLowerCase(Locale.ROOT).contains("connect timed out")) {
      // HttpURLConnection's connect timeout: no connection was made, nothing was sent
      return StorageException.Transient.unreachable(operation, key, backend,
          "cannot reach " + endpoint + ": connect timed out", e);
    }
    if (find(e, IOException.class) != null) {
      String reason = "no answer from " + endpoint + ": " + firstLine(e.getMessage());
      return operation.equals("put")
          ? new StorageException.OutcomeUnknown(operation, key, backend, reason, e)
          : new StorageException.Transient(operation, key, backend, reason, e);
    }
    return new StorageException.Rejected(operation, key, backend, firstLine(e.getMessage()), e);
  }

  /** A failure raised by Google's auth library while getting or refreshing a token, if there is one. */
  private static Throwable authFailure(Throwable e) {
    // the library's own GoogleAuthException is package-private, so recognise its package instead
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      StackTraceElement[] frames = t.getStackTrace();
      if (t.getClass().getName().startsWith("com.google.auth.")
          || (frames.length > 0 && frames[0].getClassName().startsWith("com.google.auth."))) {
        return t;
      }
    }
    return null;
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
