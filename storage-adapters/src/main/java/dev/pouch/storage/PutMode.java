package dev.pouch.storage;

/** Whether a put may replace an existing blob. */
public enum PutMode {
  /** Replace whatever is there. */
  CREATE_OR_REPLACE,
  /** Fail with {@link StorageException.AlreadyExists} when the key exists; atomic where the backend allows. */
  CREATE_IF_ABSENT
}
