/**
 * Counting what a backend does: {@link dev.pouch.storage.metering.MeteredStorageBackend} feeds a
 * {@link dev.pouch.storage.metering.StorageMeter} with requests, failures by kind, bytes and latency per operation,
 * and the meter hands out immutable {@link dev.pouch.storage.metering.StorageMeter.Snapshot}s. No metrics library is
 * involved; the agent maps snapshots to Prometheus.
 *
 * <p>Vocabulary: a <em>request</em> is one call of a backend method; its <em>latency</em> is the time that call took
 * (for open and list: until the stream was returned, not until it was consumed). <em>Bytes</em> are counted as they
 * flow: for put, as the backend reads the content (re-reads by an SDK retry count again, since they are sent again);
 * for open, as the caller reads the stream.
 */
package dev.pouch.storage.metering;
