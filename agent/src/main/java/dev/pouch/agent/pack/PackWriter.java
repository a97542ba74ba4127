package dev.pouch.agent.pack;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.repository.PackId;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.crypto.Aead;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds one pack in a {@link PackSpool} file: each chunk is sealed into a reused scratch buffer, hashed into the
 * pack's name and written out, so memory holds one chunk of a pack, not the pack. The finished pack is read back from
 * the spool file by the upload. Not thread-safe: the caller serialises {@link #seal} and {@link #add}.
 *
 * <p>A write that fails (a full spool directory) abandons the pack: the file may hold part of a chunk, so every later
 * call throws instead of extending a pack whose bytes no longer match its entries and its name.
 */
public final class PackWriter implements AutoCloseable {

  // A write from a heap array goes through a temporary direct buffer of the write's size, which the JDK keeps per
  // thread: writing in slices keeps that native memory small whatever the chunk size.
  private static final int WRITE_SLICE_BYTES = 256 * 1024;

  private final Aead aead;
  private final int epoch;
  private final FileChannel file;
  private final Path spoolDirectory;
  private final MessageDigest name = sha256();
  private final List<PackEntry> entries = new ArrayList<>();
  private byte[] scratch;
  private long size;
  private boolean finished;
  private IOException abandoned; // the failed write that ended this pack

  /**
   * A writer of a new pack in {@code spool}; {@code scratch} (may be null) is a sealing buffer to reuse, which grows
   * to the largest sealed chunk.
   */
  public PackWriter(Aead aead, int epoch, PackSpool spool, byte[] scratch) throws IOException {
    this(aead, epoch, spool.open(), spool.directory(), scratch);
  }

  /** Writes to {@code file}, a new empty channel in {@code spoolDirectory} (tests give channels that fail). */
  PackWriter(Aead aead, int epoch, FileChannel file, Path spoolDirectory, byte[] scratch) {
    this.aead = aead;
    this.epoch = epoch;
    this.scratch = scratch != null ? scratch : new byte[0];
    this.file = file;
    this.spoolDirectory = spoolDirectory;
  }

  /** Seals {@code payload[offset, offset + length)} as chunk {@code id} into the pack. */
  public void seal(ChunkId id, byte[] payload, int offset, int length, int rawLength, boolean compressed)
      throws IOException {
    int sealedLength = length + Aead.OVERHEAD;
    if (scratch.length < sealedLength) {
      scratch = new byte[sealedLength];
    }
    requireIntact();
    aead.sealInto(payload, offset, length, PackFormat.chunkContext(id, epoch), scratch, 0);
    long at = size;
    append(scratch, sealedLength);
    entries.add(new PackEntry(id, at, sealedLength, rawLength, compressed));
  }

  /** Adds a chunk that is already sealed for this pack's epoch (a repack keeps the sealed bytes). */
  public void add(SealedChunk chunk) throws IOException {
    long at = size;
    append(chunk.sealed(), chunk.sealed().length);
    entries.add(new PackEntry(chunk.id(), at, chunk.sealed().length, chunk.rawLength(), chunk.compressed()));
  }

  public long sizeBytes() {
    return size;
  }

  public int count() {
    return entries.size();
  }

  /**
   * Whether the pack should be finished now: it reached {@code targetBytes}, or holds as many chunks as a pack may
   * (many tiny files would otherwise make a header too large for a reader's heap).
   */
  public boolean full(long targetBytes) {
    return size >= targetBytes || entries.size() >= PackFormat.MAX_ENTRIES_WRITTEN;
  }

  /** The sealing buffer, for the next writer to reuse once this one is finished. */
  public byte[] scratch() {
    return scratch;
  }

  /**
   * Appends the sealed header and trailer and names the pack by the SHA-256 of its bytes. The finished pack owns the
   * spool file from here on; close it once uploaded.
   */
  public FinishedPack finish() throws IOException {
    byte[] header = aead.seal(PackFormat.encodeHeader(entries), PackFormat.headerContext(epoch));
    append(header, header.length);
    ByteBuffer trailer = ByteBuffer.allocate(PackFormat.TRAILER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    trailer.putInt(header.length).putInt(epoch).put(PackFormat.TRAILER_MAGIC);
    append(trailer.array(), PackFormat.TRAILER_BYTES);
    finished = true;
    return new FinishedPack(new PackContents(PackId.of(name.digest()), epoch, entries), file, size);
  }

  private void append(byte[] bytes, int length) throws IOException {
    requireIntact();
    try {
      for (int done = 0; done < length; ) {
        done += file.write(ByteBuffer.wrap(bytes, done, Math.min(WRITE_SLICE_BYTES, length - done)));
      }
    } catch (IOException e) {
      abandoned = new IOException("cannot write a pack to the spool directory " + spoolDirectory + ": "
          + (e.getMessage() != null ? e.getMessage() : e.toString())
          + " (set TMPDIR to a writable directory with room for a few packs)", e);
      throw abandoned;
    }
    name.update(bytes, 0, length);
    size += length;
  }

  private void requireIntact() throws IOException {
    if (abandoned != null) {
      throw new IOException("pack abandoned after a failed write: " + abandoned.getMessage(), abandoned);
    }
  }

  /** Discards an unfinished pack and its spool file; a finished pack's file belongs to its {@link FinishedPack}. */
  @Override
  public void close() throws IOException {
    if (!finished) {
      file.close();
    }
  }

  static byte[] sha256(byte[] bytes, int length) {
    MessageDigest sha = sha256();
    sha.update(bytes, 0, length);
    return sha.digest();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  /** A complete pack ready for upload: the first {@code length} bytes of its spool file, which nothing changes. */
  public record FinishedPack(PackContents contents, FileChannel file, long length) implements AutoCloseable {

    /** The pack's bytes for a put, read from the spool file. */
    public BlobContent content() {
      return BlobContent.of(file, length);
    }

    /** Stores the pack under its name in {@code backend}, unless an identical one (same name, same hash) is there. */
    public void storeIn(StorageBackend backend) throws StorageException {
      try {
        backend.put(RepositoryLayout.pack(contents.id()), content(), PutMode.CREATE_IF_ABSENT);
      } catch (StorageException.AlreadyExists e) {
        // the name is the content's hash: this very pack is already stored
      }
    }

    /** Discards the spool file. */
    @Override
    public void close() throws IOException {
      file.close();
    }
  }
}
