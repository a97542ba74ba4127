package dev.pouch.wombat.wal;

/** The bits of a WAL record's {@code meta} byte (§2.2). */
public final class WalMeta {
  /** Deleted: {@code 0x03} from {@code DB.delete}; alone from a transaction delete or an empty batch entry. */
  public static final int DELETED = 0x01;
  /** Tombstone; only ever set together with {@link #DELETED}. */
  public static final int TOMBSTONE = 0x02;
  /** Compressed; never set by Wombat at commit 37d5caa. */
  public static final int COMPRESSED = 0x04;
  /** The value is a 16-byte value-log pointer. */
  public static final int EXTERNAL = 0x08;
  /** Bits a valid record may carry; any other bit ends the log. */
  public static final int KNOWN_BITS = DELETED | TOMBSTONE | EXTERNAL;
  /** {@code DB.delete}'s meta. */
  public static final int DELETE = DELETED | TOMBSTONE;

  private WalMeta() {}
}
