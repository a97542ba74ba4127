package dev.pouch.storage.s3;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the SDK client of an {@link S3StorageBackend} from its {@link S3BackendConfig}. */
final class S3Clients {

  private S3Clients() {}

  static AwsCredentialsProvider credentialsProvider(S3BackendConfig config) {
    if (config.credentials().isPresent()) {
      S3BackendConfig.S3Credentials keys = config.credentials().get();
      return StaticCredentialsProvider.create(keys.sessionToken().isPresent()
          ? AwsSessionCredentials.create(keys.accessKeyId(), keys.secretAccessKey(), keys.sessionToken().get())
          : AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey()));
    }
    DefaultCredentialsProvider.Builder chain = DefaultCredentialsProvider.builder();
    config.profile().ifPresent(chain::profileName);
    return chain.build();
  }

  static Region region(S3BackendConfig config) {
    if (config.region().isPresent()) {
      return Region.of(config.region().get());
    }
    if (config.endpoint().isPresent()) {
      return Region.US_EAST_1; // S3-compatible servers accept any signing region
    }
    try {
      DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
      config.profile().ifPresent(chain::profileName);
      return chain.build().getRegion();
    } catch (SdkClientException e) {
      return Region.US_EAST_1; // cross-region access (below) follows the bucket's redirect
    }
  }

  // ApacheHttpClient is deprecated in favour of apache5-client; the Apache 4 client is the one this module pins
  @SuppressWarnings("deprecation")
  static S3Client client(S3BackendConfig config, AwsCredentialsProvider credentials, Region region) {
    S3ClientBuilder builder = S3Client.builder()
        .httpClientBuilder(ApacheHttpClient.builder()
            .connectionTimeout(config.connectTimeout())
            .socketTimeout(config.socketTimeout())
            .maxConnections(Math.max(50, 2 * config.uploadConcurrency())))
        .overrideConfiguration(o -> o.retryStrategy(
            AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(config.maxAttempts()).build()))
        .credentialsProvider(credentials)
        .region(region)
        .crossRegionAccessEnabled(config.region().isEmpty() && config.endpoint().isEmpty())
        .forcePathStyle(config.pathStyle());
    config.endpoint().ifPresent(builder::endpointOverride);
    if (!config.flexibleChecksums()) {
      builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    return builder.build();
  }
}
