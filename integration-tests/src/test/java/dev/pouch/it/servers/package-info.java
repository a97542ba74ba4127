/**
 * Real storage servers for integration tests, without Docker: S3Proxy (child JVM), Azurite (child {@code node}) and
 * an in-process fake of the GCS JSON API. {@link dev.pouch.it.servers.TestServers} hands out one of each per test
 * JVM, started lazily on loopback ports and closed after the last test; data and logs live under
 * {@code target/it-work}. Every test uses its own bucket, container or key prefix, so tests may share a server.
 */
package dev.pouch.it.servers;
