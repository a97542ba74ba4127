package dev.pouch.agent.pack;

import dev.pouch.agent.repository.PackId;
import dev.pouch.crypto.Aead;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/** Builds one pack in memory. Not thread-safe: the caller serialises {@link #add}. */
public final class PackWriter {

  private final Aead aead;
  private final int epoch;
  private final ByteArrayOutputStream data;
  private final List<PackEntry> entries = new ArrayList<>();

  public PackWriter(Aead aead, int epoch, int expectedBytes) {
    this.aead = aead;
    this.epoch = epoch;
    this.data = new ByteArrayOutputStream(expectedBytes + expectedBytes / 8);
  }

  public void add(SealedChunk chunk) {
    entries.add(new PackEntry(chunk.id(), data.size(), chunk.sealed().length, chunk.rawLength(), chunk.compressed()));
    data.writeBytes(chunk.sealed());
  }

  public long sizeBytes() {
    return data.size();
  }

  public int count() {
    return entries.size();
  }

  /** Appends the sealed header and trailer and names the pack by the SHA-256 of its bytes. */
  public FinishedPack finish() {
    byte[] header = aead.seal(PackFormat.encodeHeader(entries), PackFormat.headerContext(epoch));
    data.writeBytes(header);
    ByteBuffer trailer = ByteBuffer.allocate(PackFormat.TRAILER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    trailer.putInt(header.length).putInt(epoch).put(PackFormat.TRAILER_MAGIC);
    data.writeBytes(trailer.array());
    byte[] bytes = data.toByteArray();
    return new FinishedPack(new PackContents(PackId.of(sha256(bytes)), epoch, entries), bytes);
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  /** A complete pack ready for upload. */
  public record FinishedPack(PackContents contents, byte[] bytes) {}
}
