/**
 * Fault injection for tests: {@link dev.pouch.storage.fault.FaultInjectingStorageBackend} wraps any backend and,
 * following a seeded script of rules ({@link dev.pouch.storage.fault.When} a call is selected, which
 * {@link dev.pouch.storage.fault.Fault} happens), fails calls, breaks uploads and reads, corrupts bytes, adds latency,
 * or acknowledges writes it drops. It records every call so tests can assert attempt counts, not only outcomes.
 * It lives in {@code src/main} so that integration tests and the agent's tests can use it; production code never
 * builds one.
 */
package dev.pouch.storage.fault;
