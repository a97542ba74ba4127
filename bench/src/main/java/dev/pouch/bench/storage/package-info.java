/**
 * The storage benchmark (issue 6): against S3Proxy on localhost, upload throughput of one large object by multipart
 * part size and concurrency ({@link dev.pouch.bench.storage.UploadThroughput}), the requests a real {@code pouch
 * backup} sends per GiB stored and where its listings come from ({@link dev.pouch.bench.storage.BackupRequests}), and
 * the peak heap of a large backup under {@code -Xmx256m} ({@link dev.pouch.bench.storage.BackupHeap}).
 * {@link dev.pouch.bench.storage.StorageBench} runs them and prints a Markdown report; one run, no assertions.
 */
package dev.pouch.bench.storage;
