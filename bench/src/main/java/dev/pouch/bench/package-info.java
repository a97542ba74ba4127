/**
 * Benchmarks for pouch. {@link dev.pouch.bench.ColdStartCipherCheck} measures AES-GCM throughput second by second in
 * a fresh JVM (the start-up trap of perf-notes.md that JMH's warm-up hides); {@code jmh} holds the micro-benchmarks,
 * {@code harness} the end-to-end comparison with restic and borg, {@code dataset} the generated Wombat-shaped data.
 * These are programs that print their results; nothing here runs during {@code ./mvnw verify}.
 */
package dev.pouch.bench;
