package dev.pouch.it.cloud;

import dev.pouch.it.servers.AzuriteServer;
import dev.pouch.it.servers.FakeGcsServer;
import dev.pouch.it.servers.S3ProxyServer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A repository URL on one of the test servers and the environment a user would set to reach it, following each
 * cloud's own conventions (what {@code StorageLocation} documents) and nothing pouch-specific beyond
 * {@code POUCH_S3_PATH_STYLE}.
 *
 * @param name for messages: {@code s3}, {@code gcs}, {@code azure}
 * @param url the repository URL
 * @param env what the CLI's environment needs beyond the password
 */
record CloudTarget(String name, String url, Map<String, String> env) {

  CloudTarget {
    env = Map.copyOf(env);
  }

  /** A fresh bucket on S3Proxy: endpoint, static keys, region and path style from the AWS variables. */
  static CloudTarget s3(S3ProxyServer server) {
    return new CloudTarget("s3", "s3://" + server.createBucket() + "/repo", Map.of(
        "AWS_ENDPOINT_URL_S3", server.endpoint().toString(),
        "AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY,
        "AWS_REGION", S3ProxyServer.REGION,
        "POUCH_S3_PATH_STYLE", "true"));
  }

  /** A fresh bucket on the fake GCS server, reached as an emulator through {@code STORAGE_EMULATOR_HOST}. */
  static CloudTarget gcs(FakeGcsServer server) {
    return new CloudTarget("gcs", "gs://" + server.createBucket() + "/repo", Map.of(
        "STORAGE_EMULATOR_HOST", "127.0.0.1:" + server.port(),
        "GOOGLE_CLOUD_PROJECT", "test-project"));
  }

  /** A fresh container on Azurite, reached through {@code AZURE_STORAGE_CONNECTION_STRING}. */
  static CloudTarget azure(AzuriteServer server) {
    return new CloudTarget("azure", "azure://" + server.createContainer() + "/repo",
        Map.of("AZURE_STORAGE_CONNECTION_STRING", server.connectionString()));
  }

  /** The same environment, another URL. */
  CloudTarget at(String otherUrl) {
    return new CloudTarget(name, otherUrl, env);
  }

  /** The same, with {@code variable} set to {@code value}. */
  CloudTarget withEnv(String variable, String value) {
    Map<String, String> next = new LinkedHashMap<>(env);
    next.put(variable, value);
    return new CloudTarget(name, url, next);
  }

  /** The same, without {@code variable}. */
  CloudTarget withoutEnv(String variable) {
    Map<String, String> next = new LinkedHashMap<>(env);
    next.remove(variable);
    return new CloudTarget(name, url, next);
  }

  /** The bucket or container of the URL. */
  String container() {
    String rest = url.substring(url.indexOf("://") + 3);
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }
}
