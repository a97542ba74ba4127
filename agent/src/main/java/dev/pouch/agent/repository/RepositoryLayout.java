package dev.pouch.agent.repository;

import dev.pouch.storage.BlobKey;

/** Where each object lives in the backend's flat namespace (see docs/repository-format.md). */
public final class RepositoryLayout {

  public static final BlobKey CONFIG = BlobKey.of("config");
  public static final String KEYS = "keys/";
  public static final String DATA = "data/";
  public static final String INDEX = "index/";
  public static final String SNAPSHOTS = "snapshots/";
  public static final String LOCKS = "locks/";
  public static final String WAL = "wal/";
  public static final String AUDIT = "audit/";

  private RepositoryLayout() {}

  public static BlobKey pack(PackId id) {
    return BlobKey.of(DATA + id.hex().substring(0, 2) + "/" + id.hex());
  }

  public static BlobKey key(String id) {
    return BlobKey.of(KEYS + id);
  }

  public static BlobKey index(String id) {
    return BlobKey.of(INDEX + id);
  }

  public static BlobKey snapshot(SnapshotId id) {
    return BlobKey.of(SNAPSHOTS + id.hex());
  }

  public static BlobKey lock(String id) {
    return BlobKey.of(LOCKS + id);
  }

  /** True for keys whose name is the hash of their content, where a blind retry of an unknown outcome is safe. */
  public static boolean isContentAddressed(BlobKey key) {
    String k = key.value();
    return k.startsWith(DATA) || k.startsWith(INDEX) || k.startsWith(SNAPSHOTS);
  }
}
