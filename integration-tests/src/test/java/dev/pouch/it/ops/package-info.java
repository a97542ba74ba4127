/** Operations end to end: {@code pouch run} as a process (schedule, metrics, SIGTERM) and {@code pouch drill}. */
package dev.pouch.it.ops;
