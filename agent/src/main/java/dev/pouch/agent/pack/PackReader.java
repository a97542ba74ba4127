package dev.pouch.agent.pack;

import dev.pouch.agent.repository.PackId;
import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.compression.ChunkCompressor;
import dev.pouch.crypto.Aead;
import dev.pouch.crypto.AeadContext;
import dev.pouch.crypto.ContentIdKey;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.crypto.Keyring;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;

/** Reads packs: the header from a whole pack or its tail, and single chunks, each authenticated before use. */
public final class PackReader {

  private final Keyring keyring;
  private final ContentIdKey contentIdKey;

  public PackReader(Keyring keyring) {
    this.keyring = keyring;
    this.contentIdKey = keyring.contentIdKey();
  }

  /** Checks that a whole pack's bytes hash to its name. */
  public static void checkName(PackId id, byte[] pack) throws IntegrityException {
    checkDigest(id, PackWriter.sha256(pack, pack.length));
  }

  /** Checks that the SHA-256 of a pack's bytes, computed as they were read, is its name. */
  public static void checkDigest(PackId id, byte[] sha256) throws IntegrityException {
    if (!MessageDigest.isEqual(sha256, id.bytes())) {
      throw notItsName(id);
    }
  }

  /** A pack whose bytes do not hash to its name. */
  public static IntegrityException notItsName(PackId id) {
    return new IntegrityException("pack " + id + " does not hash to its name (corrupted or swapped)");
  }

  /** The contents of a whole pack, from its authenticated header. */
  public PackContents header(PackId id, byte[] pack) throws IntegrityException {
    if (pack.length < PackFormat.TRAILER_BYTES) {
      throw new PackFormatException("pack of " + pack.length + " bytes has no trailer");
    }
    ByteBuffer trailer = ByteBuffer.wrap(pack, pack.length - PackFormat.TRAILER_BYTES, PackFormat.TRAILER_BYTES)
        .order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = trailer.getInt();
    int epoch = trailer.getInt();
    byte[] magic = new byte[8];
    trailer.get(magic);
    if (!Arrays.equals(magic, PackFormat.TRAILER_MAGIC)) {
      throw new PackFormatException("pack trailer magic missing");
    }
    long dataLength = (long) pack.length - PackFormat.TRAILER_BYTES - Integer.toUnsignedLong(headerLength);
    if (headerLength < 0 || dataLength < 0) {
      throw new PackFormatException("pack header length " + Integer.toUnsignedString(headerLength)
          + " exceeds the pack");
    }
    byte[] plain = keyring.aead(epoch).open(pack, (int) dataLength, headerLength, PackFormat.headerContext(epoch));
    return new PackContents(id, epoch, PackFormat.decodeHeader(plain, dataLength));
  }

  /**
   * Largest sealed header this JVM reads: the format's maximum, and at most a quarter of the heap. A larger claim is
   * refused before anything is read, because the trailer that makes it is not authenticated yet (index repair reads
   * tails without hashing the pack): a damaged or hostile trailer must not exhaust the heap. pouch writes headers of
   * at most 10.75 MB ({@link PackFormat#MAX_ENTRIES_WRITTEN}).
   */
  static long maxHeaderBytes() {
    return Math.min(PackFormat.MAX_SEALED_HEADER_BYTES, Runtime.getRuntime().maxMemory() / 4);
  }

  /** Reads a pack's last {@code length} bytes. */
  @FunctionalInterface
  public interface TailReader {
    byte[] read(long length) throws IOException;
  }

  /**
   * As {@link #headerFromTail(PackId, long, byte[])}, from a {@code tail} that holds at least the trailer: when the
   * header does not fit in it, {@code longer} reads the whole header and trailer (a second read, for an unusually
   * large header).
   */
  public PackContents headerFromTail(PackId id, long packBytes, byte[] tail, TailReader longer) throws IOException {
    long needed = headerBytesNeeded(tail);
    if (needed > tail.length) {
      if (needed > packBytes || needed > PackFormat.MAX_SEALED_HEADER_BYTES) {
        throw new IntegrityException("pack " + id + " claims a " + needed + "-byte header in " + packBytes + " bytes");
      }
      if (needed > maxHeaderBytes()) {
        throw new IntegrityException("pack " + id + " claims a " + needed + "-byte header, more than a quarter of "
            + "this JVM's " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB heap: not read (pouch writes at most "
            + "10.75 MB; raise -Xmx through POUCH_JAVA_OPTS if the pack is genuine)");
      }
      tail = longer.read(needed);
    }
    return headerFromTail(id, packBytes, tail);
  }

  /**
   * The contents of a pack from its last bytes only, so an index can be rebuilt without downloading whole packs.
   * {@code tail} must hold at least the sealed header and the trailer; {@link #headerBytesNeeded} says how many
   * bytes that is once the trailer is known. The pack's hash is not checked (that needs the whole pack).
   *
   * @param packBytes the pack's full size, from the listing
   */
  public PackContents headerFromTail(PackId id, long packBytes, byte[] tail) throws IntegrityException {
    int headerLength = (int) Math.min(Integer.MAX_VALUE, headerBytesNeeded(tail) - PackFormat.TRAILER_BYTES);
    if (tail.length < PackFormat.TRAILER_BYTES + (long) headerLength || tail.length > packBytes) {
      throw new PackFormatException("pack " + id + ": " + tail.length + " tail bytes do not hold its "
          + headerLength + "-byte header");
    }
    int epoch = ByteBuffer.wrap(tail, tail.length - 12, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    long dataLength = packBytes - PackFormat.TRAILER_BYTES - headerLength;
    if (dataLength < 0) {
      throw new PackFormatException("pack header length " + headerLength + " exceeds the pack");
    }
    byte[] plain = keyring.aead(epoch).open(tail, tail.length - PackFormat.TRAILER_BYTES - headerLength,
        headerLength, PackFormat.headerContext(epoch));
    return new PackContents(id, epoch, PackFormat.decodeHeader(plain, dataLength));
  }

  /** Bytes at the end of a pack that hold its sealed header and trailer, read from a tail holding the trailer. */
  public static long headerBytesNeeded(byte[] tail) throws PackFormatException {
    if (tail.length < PackFormat.TRAILER_BYTES) {
      throw new PackFormatException("pack of " + tail.length + " bytes has no trailer");
    }
    ByteBuffer trailer = ByteBuffer.wrap(tail, tail.length - PackFormat.TRAILER_BYTES, PackFormat.TRAILER_BYTES)
        .order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = Integer.toUnsignedLong(trailer.getInt());
    trailer.getInt();
    byte[] magic = new byte[8];
    trailer.get(magic);
    if (!Arrays.equals(magic, PackFormat.TRAILER_MAGIC)) {
      throw new PackFormatException("pack trailer magic missing");
    }
    return headerLength + PackFormat.TRAILER_BYTES;
  }

  /** The key epoch a pack's chunks were sealed with, from its trailer (authenticated by the header and chunks). */
  public static int epochOf(byte[] pack) throws PackFormatException {
    if (pack.length < PackFormat.TRAILER_BYTES) {
      throw new PackFormatException("pack of " + pack.length + " bytes has no trailer");
    }
    return ByteBuffer.wrap(pack, pack.length - 12, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }

  /** How much {@link #chunk} checks beyond the GCM tag. */
  public enum Check {
    /**
     * The tag alone: it authenticates the chunk under its id and key epoch (both are in the AAD), so only a holder of
     * the data key could have sealed these bytes under this id. Enough for restore, which writes what it gets.
     */
    TAG,
    /**
     * The tag, and the keyed hash of the plaintext against the id: also catches a writer that sealed the wrong bytes
     * under an id (a bug or memory fault before sealing). What verify, repack and copies use.
     */
    TAG_AND_CONTENT_ID
  }

  /** Decrypts, decompresses and re-identifies one chunk; see {@link #chunk(PackEntry, int, byte[], int, Check)}. */
  public byte[] chunk(PackEntry entry, int epoch, byte[] buffer, int offset) throws IOException {
    return chunk(entry, epoch, buffer, offset, Check.TAG_AND_CONTENT_ID);
  }

  /**
   * Decrypts and decompresses one chunk: the plaintext is returned only after the tag verified and its length matched
   * the authenticated header, and, with {@link Check#TAG_AND_CONTENT_ID}, its keyed hash equals its id.
   */
  public byte[] chunk(PackEntry entry, int epoch, byte[] buffer, int offset, Check check) throws IOException {
    Scratch scratch = new Scratch();
    int n = chunkInto(entry, epoch, buffer, offset, check, scratch);
    return n == scratch.raw.length ? scratch.raw : Arrays.copyOf(scratch.raw, n);
  }

  /**
   * As {@link #chunk(PackEntry, int, byte[], int, Check)}, into {@code scratch} instead of new arrays: a restore reads
   * every chunk once and writes it out at once, and a new payload and raw array per chunk were most of its garbage.
   *
   * @return the chunk's length; its bytes are the first that many of {@link Scratch#raw()}, until the next read
   */
  public int chunkInto(PackEntry entry, int epoch, byte[] buffer, int offset, Check check, Scratch scratch)
      throws IOException {
    Aead aead = keyring.aead(epoch);
    AeadContext context = PackFormat.chunkContext(entry.chunk(), epoch);
    int payloadLength = entry.storedLength() - Aead.OVERHEAD;
    int rawLength = entry.rawLength();
    if (entry.compressed()) {
      scratch.payload = Scratch.atLeast(scratch.payload, payloadLength);
      int n = aead.openInto(buffer, offset, entry.storedLength(), context, scratch.payload, 0);
      scratch.raw = Scratch.atLeast(scratch.raw, rawLength);
      ChunkCompressor.decompressInto(scratch.payload, 0, n, scratch.raw, rawLength);
    } else {
      scratch.raw = Scratch.atLeast(scratch.raw, payloadLength);
      int n = aead.openInto(buffer, offset, entry.storedLength(), context, scratch.raw, 0);
      if (n != rawLength) {
        throw new IntegrityException("chunk " + entry.chunk() + " has " + n + " bytes, expected " + rawLength);
      }
    }
    if (check == Check.TAG_AND_CONTENT_ID
        && !ChunkId.of(contentIdKey.id(scratch.raw, 0, rawLength)).equals(entry.chunk())) {
      throw new IntegrityException("chunk " + entry.chunk() + " does not match its content hash");
    }
    return rawLength;
  }

  /** Buffers reused by {@link #chunkInto} on one thread; they grow to the largest chunk read. Not thread-safe. */
  public static final class Scratch {
    private byte[] sealed = new byte[0];
    private byte[] payload = new byte[0];
    private byte[] raw = new byte[0];

    /**
     * A buffer of at least {@code length} bytes to read a sealed chunk into before {@link #chunkInto}, for readers
     * that take a pack one chunk at a time (restore, verify).
     */
    public byte[] sealed(int length) {
      sealed = atLeast(sealed, length);
      return sealed;
    }

    /** The raw bytes of the last chunk read into this scratch (only as many as {@link #chunkInto} returned). */
    public byte[] raw() {
      return raw;
    }

    private static byte[] atLeast(byte[] buffer, int length) {
      return buffer.length >= length ? buffer : new byte[length];
    }
  }
}
