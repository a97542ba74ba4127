package dev.pouch.agent.pack;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.repository.PackId;
import dev.pouch.crypto.Aead;
import dev.pouch.storage.BlobContent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds one pack in one buffer. Chunks are sealed straight into it and the finished pack is a view of it, so a pack
 * is held once, not as sealed copies plus a buffer plus a trimmed copy (which made a backup's heap churn three times
 * its data). Not thread-safe: the caller serialises {@link #seal} and {@link #add}.
 */
public final class PackWriter {

  // Largest buffer a Java array allows; packs are at most 512 MiB plus one chunk, far below.
  private static final int MAX_BYTES = Integer.MAX_VALUE - 8;

  private final Aead aead;
  private final int epoch;
  private final List<PackEntry> entries = new ArrayList<>();
  private byte[] buffer;
  private int size;

  public PackWriter(Aead aead, int epoch, int expectedBytes) {
    this(aead, epoch, expectedBytes, null);
  }

  /** A writer that fills {@code reuse}, the buffer of a pack already uploaded, when it is large enough. */
  public PackWriter(Aead aead, int epoch, int expectedBytes, byte[] reuse) {
    this.aead = aead;
    this.epoch = epoch;
    // Room for the last chunk that crosses the target, so the buffer rarely grows.
    int wanted = expectedBytes + expectedBytes / 8;
    this.buffer = reuse != null && reuse.length >= wanted ? reuse : new byte[wanted];
  }

  /** Seals {@code payload[offset, offset + length)} as chunk {@code id} into the pack. */
  public void seal(ChunkId id, byte[] payload, int offset, int length, int rawLength, boolean compressed) {
    int sealedLength = length + Aead.OVERHEAD;
    ensureRoom(sealedLength);
    aead.sealInto(payload, offset, length, PackFormat.chunkContext(id, epoch), buffer, size);
    entries.add(new PackEntry(id, size, sealedLength, rawLength, compressed));
    size += sealedLength;
  }

  /** Adds a chunk that is already sealed for this pack's epoch (a repack keeps the sealed bytes). */
  public void add(SealedChunk chunk) {
    entries.add(new PackEntry(chunk.id(), size, chunk.sealed().length, chunk.rawLength(), chunk.compressed()));
    append(chunk.sealed());
  }

  public long sizeBytes() {
    return size;
  }

  public int count() {
    return entries.size();
  }

  /** Appends the sealed header and trailer and names the pack by the SHA-256 of its bytes. */
  public FinishedPack finish() {
    byte[] header = aead.seal(PackFormat.encodeHeader(entries), PackFormat.headerContext(epoch));
    append(header);
    ByteBuffer trailer = ByteBuffer.allocate(PackFormat.TRAILER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    trailer.putInt(header.length).putInt(epoch).put(PackFormat.TRAILER_MAGIC);
    append(trailer.array());
    return new FinishedPack(new PackContents(PackId.of(sha256(buffer, size)), epoch, entries), buffer, size);
  }

  private void append(byte[] bytes) {
    ensureRoom(bytes.length);
    System.arraycopy(bytes, 0, buffer, size, bytes.length);
    size += bytes.length;
  }

  private void ensureRoom(int bytes) {
    if (bytes > MAX_BYTES - size) {
      throw new IllegalStateException("pack would exceed " + MAX_BYTES + " bytes");
    }
    int needed = size + bytes;
    if (needed > buffer.length) {
      buffer = Arrays.copyOf(buffer, (int) Math.min(MAX_BYTES, Math.max(needed, buffer.length + buffer.length / 2L)));
    }
  }

  static byte[] sha256(byte[] bytes, int length) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(bytes, 0, length);
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  /** A complete pack ready for upload: the first {@code length} bytes of {@code buffer}, which nothing changes. */
  public record FinishedPack(PackContents contents, byte[] buffer, int length) {

    /** The pack's bytes for a put, without a copy. */
    public BlobContent content() {
      return BlobContent.of(buffer, 0, length);
    }
  }
}
