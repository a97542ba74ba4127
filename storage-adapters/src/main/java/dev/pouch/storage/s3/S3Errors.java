package dev.pouch.storage.s3;

import dev.pouch.storage.BlobKey;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.apache.http.NoHttpResponseException;
import org.apache.http.conn.ConnectTimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one place that turns AWS SDK exceptions into {@link StorageException} leaves.
 *
 * <p>Whether a failure may have taken effect matters only for puts: a put whose request was sent but whose answer
 * never came is {@link StorageException.OutcomeUnknown}; the same failure on a read, a list or an (idempotent)
 * delete is {@link StorageException.Transient}.
 */
final class S3Errors {

  private final String backend;
  private final String endpoint;

  /**
   * @param backend the backend's {@code describe()}
   * @param endpoint the endpoint as users configured it, for "cannot reach" messages
   */
  S3Errors(String backend, String endpoint) {
    this.backend = backend;
    this.endpoint = endpoint;
  }

  StorageException translate(String operation, BlobKey key, SdkException e) {
    if (e instanceof AwsServiceException service) {
      return fromService(operation, key, service);
    }
    return fromClient(operation, key, e);
  }

  /** The content handed to a put could not be read: nothing was stored, and repeating the put cannot help. */
  StorageException contentUnreadable(BlobKey key, IOException e) {
    return new StorageException.Rejected("put", key, backend, "reading the content to upload failed: "
        + e.getMessage(), e);
  }

  StorageException partTooLarge(BlobKey key, long length, long partSizeBytes) {
    return new StorageException.Rejected("put", key, backend, length + " bytes need parts of " + partSizeBytes
        + " bytes, and a part is at most 2047 MiB (one byte array)", null);
  }

  /** The upload executor refused a part: it was shut down, the backend is closing. */
  StorageException executorRejected(BlobKey key, RuntimeException e) {
    return new StorageException.Rejected("put", key, backend, "the upload executor is shut down", e);
  }

  /** A put gave up because its thread was interrupted; parts may have been sent, the object was not completed. */
  StorageException interrupted(String operation, BlobKey key, InterruptedException e) {
    Thread.currentThread().interrupt();
    return new StorageException.Transient(operation, key, backend, "interrupted", e);
  }

  private StorageException fromService(String operation, BlobKey key, AwsServiceException e) {
    int status = e.statusCode();
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    String detail = code == null ? "HTTP " + status : code + " (HTTP " + status + ")";
    if ("NoSuchBucket".equals(code)) {
      return new StorageException.ContainerMissing(operation, key, backend,
          "bucket does not exist (NoSuchBucket); create it first or fix the repository URL", e);
    }
    if (status == 404) {
      return new StorageException.NotFound(operation, key, backend, e);
    }
    if ("ExpiredToken".equals(code) || "InvalidToken".equals(code) || "TokenRefreshRequired".equals(code)) {
      return new StorageException.AccessDenied(operation, key, backend,
          "credentials expired or invalid (" + code + "); refresh the credentials", e);
    }
    if (status == 401 || status == 403) {
      return new StorageException.AccessDenied(operation, key, backend,
          "access denied: " + detail + "; check the credentials and their permissions on the bucket", e);
    }
    if (status == 412) {
      return new StorageException.AlreadyExists(operation, key, backend, e);
    }
    if ("RequestTimeout".equals(code)) {
      // S3's "your socket was not read from or written to within the timeout": the request did not take effect
      return new StorageException.Transient(operation, key, backend, detail, e);
    }
    if (status == 409 && "ConditionalRequestConflict".equals(code)) {
      // a racing conditional write is in progress; repeating the put settles it (success or 412)
      return new StorageException.Transient(operation, key, backend, detail, e);
    }
    if (status == 429 || status == 503 || "SlowDown".equals(code) || (status >= 500 && status != 501)) {
      return new StorageException.Transient(operation, key, backend, detail, e);
    }
    return new StorageException.Rejected(operation, key, backend, detail, e);
  }

  private StorageException fromClient(String operation, BlobKey key, SdkException e) {
    if (hasCause(e, UnknownHostException.class)) {
      return StorageException.Transient.unreachable(operation, key, backend,
          "cannot reach " + endpoint + ": unknown host", e);
    }
    if (hasCause(e, ConnectException.class) || hasCause(e, NoRouteToHostException.class)) {
      return StorageException.Transient.unreachable(operation, key, backend,
          "cannot reach " + endpoint + ": connection refused", e);
    }
    if (hasCause(e, ConnectTimeoutException.class)) {
      return StorageException.Transient.unreachable(operation, key, backend,
          "cannot reach " + endpoint + ": connect timed out", e);
    }
    boolean afterSending = e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException
        || e instanceof AbortedException || hasCause(e, SocketTimeoutException.class)
        || hasCause(e, NoHttpResponseException.class) || hasCause(e, InterruptedIOException.class)
        || hasCause(e, IOException.class);
    String reason = "no answer from " + endpoint + ": " + firstLine(e);
    if (afterSending && operation.equals("put")) {
      return new StorageException.OutcomeUnknown(operation, key, backend, reason, e);
    }
    if (afterSending) {
      return new StorageException.Transient(operation, key, backend, reason, e);
    }
    // configuration problems found by the SDK before sending (no region, no credentials found, ...)
    if (e.getMessage() != null && e.getMessage().startsWith("Unable to load credentials from any of the providers")) {
      // The SDK's message lists every provider's failure on one line, over 1,000 characters; --verbose still shows it.
      return new StorageException.AccessDenied(operation, key, backend, "no AWS credentials found: set "
          + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run with a web-identity, container or "
          + "instance role", e);
    }
    if (e.getMessage() != null && e.getMessage().contains("credentials")) {
      return new StorageException.AccessDenied(operation, key, backend, firstLine(e), e);
    }
    return new StorageException.Rejected(operation, key, backend, firstLine(e), e);
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static String firstLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
