package dev.pouch.storage.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/**
 * The one place that turns Azure SDK exceptions into {@link StorageException} leaves.
 *
 * <p>A conditional create over an existing blob is answered {@code 409 BlobAlreadyExists} by Azure (and Azurite),
 * a stale condition {@code 412}; both mean {@link StorageException.AlreadyExists} here. A put whose request went out
 * but whose answer never came is {@link StorageException.OutcomeUnknown}; on any other operation that is
 * {@link StorageException.Transient}.
 */
final class AzureErrors {

  private static final HttpHeaderName ERROR_CODE_HEADER = HttpHeaderName.fromString("x-ms-error-code");

  private final String backend;
  private final String endpoint;

  AzureErrors(String backend, String endpoint) {
    this.backend = backend;
    this.endpoint = endpoint;
  }

  StorageException translate(String operation, BlobKey key, RuntimeException e) {
    if (e instanceof HttpResponseException http && http.getResponse() != null) {
      return fromService(operation, key, http);
    }
    return fromClient(operation, key, e);
  }

  StorageException contentUnreadable(BlobKey key, IOException e) {
    return new StorageException.Rejected("put", key, backend, "reading the content to upload failed: "
        + e.getMessage(), e);
  }

  StorageException interrupted(String operation, BlobKey key, InterruptedException e) {
    Thread.currentThread().interrupt();
    return new StorageException.Transient(operation, key, backend, "interrupted", e);
  }

  StorageException blockTooLarge(BlobKey key, long length, long blockSizeBytes) {
    return new StorageException.Rejected("put", key, backend, length + " bytes need blocks of " + blockSizeBytes
        + " bytes, and a block is at most 2047 MiB (one byte array)", null);
  }

  StorageException executorRejected(BlobKey key, RuntimeException e) {
    return new StorageException.Rejected("put", key, backend, "the upload executor is shut down", e);
  }

  /** Whether a commit failed because the service no longer has our uncommitted blocks. */
  boolean isDiscardedBlocks(RuntimeException e) {
    return e instanceof BlobStorageException blob
        && BlobErrorCode.INVALID_BLOCK_LIST.equals(blob.getErrorCode());
  }

  StorageException alreadyExists(BlobKey key, RuntimeException cause) {
    return new StorageException.AlreadyExists("put", key, backend, cause);
  }

  private StorageException fromService(String operation, BlobKey key, HttpResponseException e) {
    int status = e.getResponse().getStatusCode();
    String code = e instanceof BlobStorageException blob && blob.getErrorCode() != null
        ? blob.getErrorCode().toString()
        : e.getResponse().getHeaders().getValue(ERROR_CODE_HEADER);
    String detail = code == null ? "HTTP " + status : code + " (HTTP " + status + ")";
    if (BlobErrorCode.CONTAINER_NOT_FOUND.toString().equals(code)
        || BlobErrorCode.CONTAINER_BEING_DELETED.toString().equals(code)) {
      return new StorageException.ContainerMissing(operation, key, backend,
          "container does not exist (" + code + "); create it first or fix the repository URL", e);
    }
    if (status == 404) {
      return new StorageException.NotFound(operation, key, backend, e);
    }
    if (status == 401 || status == 403) {
      return new StorageException.AccessDenied(operation, key, backend,
          "access denied: " + detail + "; check the account key, SAS token or role assignment", e);
    }
    if (BlobErrorCode.BLOB_ALREADY_EXISTS.toString().equals(code) || status == 412) {
      return new StorageException.AlreadyExists(operation, key, backend, e);
    }
    if (BlobErrorCode.INVALID_BLOCK_LIST.toString().equals(code)) {
      // another writer committed this blob and the service discarded our uncommitted blocks; a new put restages
      return new StorageException.Transient(operation, key, backend,
          detail + ": the staged blocks were discarded by a concurrent commit", e);
    }
    if (status == 408 || status == 429 || status >= 500 && status != 501 && status != 505) {
      return new StorageException.Transient(operation, key, backend, detail, e);
    }
    return new StorageException.Rejected(operation, key, backend, detail, e);
  }

  private StorageException fromClient(String operation, BlobKey key, RuntimeException e) {
    if (hasCause(e, UnknownHostException.class)) {
      return StorageException.Transient.unreachable(operation, key, backend,
          "cannot reach " + endpoint + ": unknown host", e);
    }
    if (hasCause(e, ConnectException.class) || hasCause(e, NoRouteToHostException.class)) {
      return StorageException.Transient.unreachable(operation, key, backend,
          "cannot reach " + endpoint + ": connection refused", e);
    }
    if (hasCause(e, TimeoutException.class) || hasCause(e, IOException.class)) {
      String reason = "no answer from " + endpoint + ": " + firstLine(e);
      return operation.equals("put")
          ? new StorageException.OutcomeUnknown(operation, key, backend, reason, e)
          : new StorageException.Transient(operation, key, backend, reason, e);
    }
    return new StorageException.Rejected(operation, key, backend, firstLine(e), e);
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
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
