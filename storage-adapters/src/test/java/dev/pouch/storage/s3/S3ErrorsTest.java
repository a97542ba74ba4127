package dev.pouch.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.storage.BlobKey;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ErrorsTest {

  private static final BlobKey KEY = BlobKey.of("data/ab/abcdef");
  private final S3Errors errors = new S3Errors("s3://bucket/repo", "http://127.0.0.1:9");

  private static S3Exception service(int status, String code) {
    return (S3Exception) S3Exception.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("message of " + code).build())
        .message("message of " + code).build();
  }

  @Test
  void noSuchBucketIsContainerMissingWithHint() {
    StorageException e = errors.translate("put", KEY, service(404, "NoSuchBucket"));

    assertThat(e).isInstanceOf(StorageException.ContainerMissing.class);
    assertThat(e.getMessage()).isEqualTo("put failed for data/ab/abcdef on s3://bucket/repo: bucket does not exist "
        + "(NoSuchBucket); create it first or fix the repository URL");
  }

  @Test
  void noSuchKeyAndBare404AreNotFound() {
    assertThat(errors.translate("open", KEY, service(404, "NoSuchKey")))
        .isInstanceOf(StorageException.NotFound.class);
    assertThat(errors.translate("stat", KEY, service(404, null))).isInstanceOf(StorageException.NotFound.class);
  }

  @Test
  void credentialFailuresAreAccessDenied() {
    for (String code : new String[] {"InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied"}) {
      StorageException e = errors.translate("list", null, service(403, code));
      assertThat(e).as(code).isInstanceOf(StorageException.AccessDenied.class);
      assertThat(e.getMessage()).as(code).contains(code).doesNotContain("\n");
    }
    assertThat(errors.translate("list", null, service(400, "ExpiredToken")))
        .isInstanceOf(StorageException.AccessDenied.class);
  }

  @Test
  void noCredentialsAnywhereIsOneShortLine() {
    SdkClientException e = SdkClientException.create("Unable to load credentials from any of the providers in the "
        + "chain AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider(), "
        + "EnvironmentVariableCredentialsProvider()]) : [SystemPropertyCredentialsProvider(): Unable to load "
        + "credentials from system settings. Access key must be specified either via environment variable "
        + "(AWS_ACCESS_KEY_ID) or system property (aws.accessKeyId).]");

    StorageException translated = errors.translate("list", null, e);
    assertThat(translated).isInstanceOf(StorageException.AccessDenied.class).hasCause(e);
    assertThat(translated.getMessage()).contains("no AWS credentials found", "AWS_ACCESS_KEY_ID", "AWS_PROFILE")
        .doesNotContain("ProviderChain").hasSizeLessThan(250);
  }

  @Test
  void preconditionFailedIsAlreadyExists() {
    assertThat(errors.translate("put", KEY, service(412, "PreconditionFailed")))
        .isInstanceOf(StorageException.AlreadyExists.class);
  }

  @Test
  void badRequestIsRejectedButRequestTimeoutIsTransient() {
    assertThat(errors.translate("put", KEY, service(400, "EntityTooSmall")))
        .isInstanceOf(StorageException.Rejected.class);
    assertThat(errors.translate("put", KEY, service(400, "RequestTimeout")))
        .isInstanceOf(StorageException.Transient.class);
  }

  @Test
  void throttlingAndServerErrorsAreTransientExceptNotImplemented() {
    assertThat(errors.translate("put", KEY, service(503, "SlowDown"))).isInstanceOf(StorageException.Transient.class);
    assertThat(errors.translate("put", KEY, service(500, "InternalError")))
        .isInstanceOf(StorageException.Transient.class);
    assertThat(errors.translate("put", KEY, service(429, "TooManyRequests")))
        .isInstanceOf(StorageException.Transient.class);
    assertThat(errors.translate("put", KEY, service(409, "ConditionalRequestConflict")))
        .isInstanceOf(StorageException.Transient.class);
    assertThat(errors.translate("open", KEY, service(501, "NotImplemented")))
        .isInstanceOf(StorageException.Rejected.class);
  }

  @Test
  void refusedConnectionIsTransientNamingTheEndpoint() {
    SdkClientException refused = SdkClientException.create("Unable to execute HTTP request",
        new ConnectException("Connection refused"));

    StorageException e = errors.translate("stat", KEY, refused);

    assertThat(e).isInstanceOfSatisfying(StorageException.Transient.class, t -> assertThat(t.unreachable()).isTrue());
    assertThat(e.getMessage()).endsWith(": cannot reach http://127.0.0.1:9: connection refused");
  }

  @Test
  void unknownHostIsTransient() {
    assertThat(errors.translate("stat", KEY, SdkClientException.create("x", new UnknownHostException("nowhere"))))
        .isInstanceOfSatisfying(StorageException.Transient.class, t -> assertThat(t.unreachable()).isTrue())
        .hasMessageContaining("unknown host");
  }

  @Test
  void timeoutAfterSendingIsOutcomeUnknownForPutsOnly() {
    SdkClientException timeout = SdkClientException.create("Read timed out", new SocketTimeoutException("Read"));

    assertThat(errors.translate("put", KEY, timeout)).isInstanceOf(StorageException.OutcomeUnknown.class);
    assertThat(errors.translate("open", KEY, timeout)).isInstanceOf(StorageException.Transient.class);
    assertThat(errors.translate("delete", KEY, timeout)).isInstanceOf(StorageException.Transient.class);
    assertThat(errors.translate("put", KEY, ApiCallTimeoutException.create(1000)))
        .isInstanceOf(StorageException.OutcomeUnknown.class);
  }

  @Test
  void unreadableContentIsRejected() {
    StorageException e = errors.contentUnreadable(KEY, new IOException("disk gone"));

    assertThat(e).isInstanceOf(StorageException.Rejected.class).hasMessageContaining("disk gone");
    assertThat(e.isRetryable()).isFalse();
  }
}
