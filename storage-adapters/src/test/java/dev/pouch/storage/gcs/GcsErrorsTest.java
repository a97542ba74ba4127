package dev.pouch.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.storage.BlobKey;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class GcsErrorsTest {

  private static final BlobKey KEY = BlobKey.of("snapshots/1");
  private final GcsErrors errors = new GcsErrors("gs://bucket/repo", "http://127.0.0.1:9");

  private static com.google.cloud.storage.StorageException service(int code, String message) {
    return new com.google.cloud.storage.StorageException(code, message);
  }

  @Test
  void missingBucketIsContainerMissing() {
    assertThat(errors.translate("put", KEY, service(404, "The specified bucket does not exist.")))
        .isInstanceOf(StorageException.ContainerMissing.class)
        .hasMessageContaining("create it first");
  }

  @Test
  void missingObjectIsNotFound() {
    assertThat(errors.translate("open", KEY, service(404, "No such object: bucket/repo/snapshots/1")))
        .isInstanceOf(StorageException.NotFound.class);
  }

  @Test
  void failedGenerationPreconditionIsAlreadyExists() {
    assertThat(errors.translate("put", KEY, service(412, "At least one of the pre-conditions did not hold.")))
        .isInstanceOf(StorageException.AlreadyExists.class);
  }

  @Test
  void unauthenticatedAndForbiddenAreAccessDenied() {
    assertThat(errors.translate("list", null, service(401, "Invalid Credentials")))
        .isInstanceOf(StorageException.AccessDenied.class);
    assertThat(errors.translate("list", null, service(403, "does not have storage.objects.list access")))
        .isInstanceOf(StorageException.AccessDenied.class);
  }

  @Test
  void tokenThatCannotBeRefreshedIsAccessDenied() throws Exception {
    com.google.auth.oauth2.OAuth2Credentials fixed = com.google.auth.oauth2.OAuth2Credentials.create(
        new com.google.auth.oauth2.AccessToken("token", null));
    Exception refusal;
    try {
      fixed.refresh(); // what the client does after a 401
      throw new AssertionError("a fixed token cannot be refreshed");
    } catch (IllegalStateException e) {
      refusal = e;
    }

    assertThat(errors.translate("put", KEY, new com.google.cloud.storage.StorageException(0, "auth", refusal)))
        .isInstanceOf(StorageException.AccessDenied.class)
        .hasMessageContaining("cannot obtain an access token");
  }

  @Test
  void throttlingAndServerErrorsAreTransient() {
    assertThat(errors.translate("put", KEY, service(429, "rate"))).isInstanceOf(StorageException.Transient.class);
    assertThat(errors.translate("put", KEY, service(503, "backend"))).isInstanceOf(StorageException.Transient.class);
    assertThat(errors.translate("put", KEY, service(400, "bad"))).isInstanceOf(StorageException.Rejected.class);
  }

  @Test
  void refusedConnectionIsTransientNamingTheEndpoint() {
    com.google.cloud.storage.StorageException refused =
        new com.google.cloud.storage.StorageException(0, "Connection refused", new ConnectException("refused"));

    assertThat(errors.translate("stat", KEY, refused))
        .isInstanceOfSatisfying(StorageException.Transient.class, t -> assertThat(t.unreachable()).isTrue())
        .hasMessageEndingWith("cannot reach http://127.0.0.1:9: connection refused");
  }

  @Test
  void connectTimeoutIsUnreachableEvenForPuts() {
    com.google.cloud.storage.StorageException timeout =
        new com.google.cloud.storage.StorageException(new SocketTimeoutException("Connect timed out"));

    assertThat(errors.translate("put", KEY, timeout))
        .isInstanceOfSatisfying(StorageException.Transient.class, t -> assertThat(t.unreachable()).isTrue())
        .hasMessageEndingWith("connect timed out");
  }

  @Test
  void timeoutIsOutcomeUnknownForPutsOnly() {
    com.google.cloud.storage.StorageException timeout =
        new com.google.cloud.storage.StorageException(new SocketTimeoutException("Read timed out"));

    assertThat(errors.translate("put", KEY, timeout)).isInstanceOf(StorageException.OutcomeUnknown.class);
    assertThat(errors.translate("open", KEY, new IOException("reset"))).isInstanceOf(StorageException.Transient.class);
  }
}
