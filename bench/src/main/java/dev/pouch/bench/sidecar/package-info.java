/** Measurements of backups as the sidecar runs them: one JVM, the repository opened once, backups in a loop. */
package dev.pouch.bench.sidecar;
