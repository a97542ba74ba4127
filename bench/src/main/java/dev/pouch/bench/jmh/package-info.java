/**
 * JMH micro-benchmarks of pouch's hot path: FastCDC chunking and content ids, zstd compression, AES-GCM, pack
 * writing, and chunk index lookups, on Wombat-shaped data. Throughput benchmarks count one operation per MiB where
 * they say so, so their ops/s reads as MiB/s. Run them from {@code bench/target/benchmarks.jar}; see
 * bench/README.md.
 */
package dev.pouch.bench.jmh;
