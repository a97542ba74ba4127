package dev.pouch.storage;

/**
 * What a backend can do, declared as data so callers and the contract test never guess.
 *
 * @param atomicCreateIfAbsent {@link PutMode#CREATE_IF_ABSENT} is atomic against racing writers
 * @param rangedReads {@code open} with a range reads only that range from the service
 * @param multipartUpload large puts are split into parts sent in parallel
 * @param immutability objects can be given a retention period the service enforces (object lock)
 */
public record Capabilities(
    boolean atomicCreateIfAbsent, boolean rangedReads, boolean multipartUpload, boolean immutability) {}
