package dev.pouch.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.storage.blob.models.BlobStorageException;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.StorageException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class AzureErrorsTest {

  private static final BlobKey KEY = BlobKey.of("locks/one");
  private final AzureErrors errors = new AzureErrors("azure://container/repo", "http://127.0.0.1:9/acct");

  /** An answer of the service: a status and its {@code x-ms-error-code}, as the SDK reads them. */
  private static final class Answer extends HttpResponse {
    private final int status;
    private final HttpHeaders headers = new HttpHeaders();

    Answer(int status, String errorCode) {
      super(new HttpRequest(HttpMethod.PUT, "http://127.0.0.1:9/acct/container/blob"));
      this.status = status;
      if (errorCode != null) {
        headers.set(HttpHeaderName.fromString("x-ms-error-code"), errorCode);
      }
    }

    @Override
    public int getStatusCode() {
      return status;
    }

    @Override
    @SuppressWarnings("deprecation") // abstract in HttpResponse, so it must be implemented
    public String getHeaderValue(String name) {
      return headers.getValue(HttpHeaderName.fromString(name));
    }

    @Override
    public HttpHeaders getHeaders() {
      return headers;
    }

    @Override
    public Flux<ByteBuffer> getBody() {
      return Flux.empty();
    }

    @Override
    public Mono<byte[]> getBodyAsByteArray() {
      return Mono.just(new byte[0]);
    }

    @Override
    public Mono<String> getBodyAsString() {
      return Mono.just("");
    }

    @Override
    public Mono<String> getBodyAsString(Charset charset) {
      return Mono.just("");
    }
  }

  private static BlobStorageException service(int status, String code) {
    return new BlobStorageException("Status code " + status + ", " + code, new Answer(status, code), null);
  }

  @Test
  void blobAlreadyExistsConflictAndFailedConditionAreAlreadyExists() {
    assertThat(errors.translate("put", KEY, service(409, "BlobAlreadyExists")))
        .isInstanceOf(StorageException.AlreadyExists.class);
    assertThat(errors.translate("put", KEY, service(412, "ConditionNotMet")))
        .isInstanceOf(StorageException.AlreadyExists.class);
  }

  @Test
  void otherConflictsAreRejected() {
    assertThat(errors.translate("delete", KEY, service(409, "LeaseIdMissing")))
        .isInstanceOf(StorageException.Rejected.class);
  }

  @Test
  void missingContainerIsContainerMissingEvenOnHead() {
    StorageException e = errors.translate("stat", KEY, service(404, "ContainerNotFound"));

    assertThat(e).isInstanceOf(StorageException.ContainerMissing.class);
    assertThat(e.getMessage()).contains("container does not exist").doesNotContain("\n");
  }

  @Test
  void missingBlobIsNotFound() {
    assertThat(errors.translate("open", KEY, service(404, "BlobNotFound")))
        .isInstanceOf(StorageException.NotFound.class);
  }

  @Test
  void authenticationFailureIsAccessDenied() {
    assertThat(errors.translate("list", null, service(403, "AuthenticationFailed")))
        .isInstanceOf(StorageException.AccessDenied.class)
        .hasMessageContaining("AuthenticationFailed");
  }

  @Test
  void discardedBlocksAndBusyServerAreTransient() {
    assertThat(errors.translate("put", KEY, service(400, "InvalidBlockList")))
        .isInstanceOf(StorageException.Transient.class);
    assertThat(errors.translate("put", KEY, service(503, "ServerBusy")))
        .isInstanceOf(StorageException.Transient.class);
    assertThat(errors.translate("put", KEY, service(500, "OperationTimedOut")))
        .isInstanceOf(StorageException.Transient.class);
  }

  @Test
  void discardedBlocksAreRecognised() {
    assertThat(errors.isDiscardedBlocks(service(400, "InvalidBlockList"))).isTrue();
    assertThat(errors.isDiscardedBlocks(service(409, "BlobAlreadyExists"))).isFalse();
    assertThat(errors.isDiscardedBlocks(new RuntimeException("InvalidBlockList"))).isFalse();
  }

  @Test
  void otherBadRequestsAreRejected() {
    assertThat(errors.translate("put", KEY, service(400, "InvalidHeaderValue")))
        .isInstanceOf(StorageException.Rejected.class);
  }

  @Test
  void refusedConnectionIsTransientNamingTheEndpoint() {
    RuntimeException e = new RuntimeException(new ConnectException("Connection refused: /127.0.0.1:9"));

    assertThat(errors.translate("stat", KEY, e))
        .isInstanceOfSatisfying(StorageException.Transient.class, t -> assertThat(t.unreachable()).isTrue())
        .hasMessageEndingWith("cannot reach http://127.0.0.1:9/acct: connection refused");
  }

  @Test
  void timeoutIsOutcomeUnknownForPutsOnly() {
    RuntimeException timeout = new RuntimeException(new TimeoutException("Did not observe any item"));
    RuntimeException reset = new UncheckedIOException(new java.io.IOException("Connection reset by peer"));

    assertThat(errors.translate("put", KEY, timeout)).isInstanceOf(StorageException.OutcomeUnknown.class);
    assertThat(errors.translate("put", KEY, reset)).isInstanceOf(StorageException.OutcomeUnknown.class);
    assertThat(errors.translate("open", KEY, timeout)).isInstanceOf(StorageException.Transient.class);
  }
}
