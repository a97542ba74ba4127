package dev.pouch.agent.index;

import com.github.luben.zstd.Zstd;
import dev.pouch.agent.concurrent.ParallelReads;
import dev.pouch.agent.pack.PackContents;
import dev.pouch.agent.repository.ObjectKind;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Reads and writes index objects ({@code index/<id>}: zstd-compressed {@link IndexFile}, sealed). */
public final class IndexStore {

  /** Entries per index object; keeps each object well below the read limit. */
  static final int MAX_ENTRIES_PER_OBJECT = 200_000;
  static final long READ_LIMIT = 256L << 20;

  private final Repository repository;

  public IndexStore(Repository repository) {
    this.repository = repository;
  }

  /** An index object that could not be read; the caller decides whether that is fatal. */
  public record Unreadable(String name, String reason) {}

  /** The result of loading every index object. */
  public record Loaded(ChunkIndex index, List<String> names, List<Unreadable> unreadable) {}

  /** Every stored index object, from one listing of {@code index/}. */
  public List<BlobInfo> list() throws IOException {
    try (Stream<BlobInfo> list = repository.backend().list(RepositoryLayout.INDEX)) {
      return list.toList();
    }
  }

  public Loaded loadAll() throws IOException {
    return load(list(), new ChunkIndex());
  }

  /**
   * Adds the entries of the listed index objects to {@code into}; an object that does not authenticate is reported,
   * not thrown. A read returning fewer bytes than listed is thrown (see {@link #read(BlobInfo)}).
   */
  public Loaded load(List<BlobInfo> objects, ChunkIndex into) throws IOException {
    List<String> names = new ArrayList<>();
    List<Unreadable> unreadable = new ArrayList<>();
    // A few index objects are fetched ahead (each a request to the store) while the one before is decoded here.
    ParallelReads.inOrder(objects, ParallelReads.READ_AHEAD, this::fetch, (info, stored) -> {
      String name = info.key().name();
      try {
        for (PackContents pack : decode(name, stored.get())) {
          into.add(pack);
        }
        names.add(name);
      } catch (IntegrityException e) {
        unreadable.add(new Unreadable(name, e.getMessage()));
      }
    });
    return new Loaded(into, names, unreadable);
  }

  public List<PackContents> read(String name) throws IOException {
    return decode(name, fetch(name));
  }

  /**
   * The entries of a listed index object. Fewer bytes than the listing gave is a failed read, not damage: it is
   * thrown as {@link StorageException.Transient}, never as an {@link IntegrityException} a caller would skip.
   */
  public List<PackContents> read(BlobInfo listed) throws IOException {
    return decode(listed.key().name(), fetch(listed));
  }

  private byte[] fetch(String name) throws IOException {
    return Repository.readBounded(repository.backend(), RepositoryLayout.index(name), READ_LIMIT);
  }

  private byte[] fetch(BlobInfo listed) throws IOException {
    byte[] stored = fetch(listed.key().name());
    if (stored.length < listed.sizeBytes()) {
      throw new StorageException.Transient("open", listed.key(), repository.backend().describe(), "read "
          + stored.length + " of its " + listed.sizeBytes() + " listed bytes (a short read)", null);
    }
    return stored;
  }

  /** The entries of a stored index object, authenticated first. */
  private List<PackContents> decode(String name, byte[] stored) throws IOException {
    byte[] packed = repository.objects().open(ObjectKind.INDEX, name, stored);
    long rawSize = Zstd.getFrameContentSize(packed);
    if (rawSize < 0 || rawSize > READ_LIMIT) {
      throw new IntegrityException("index " + name + " declares " + rawSize + " bytes");
    }
    byte[] plain = Zstd.decompress(packed, (int) rawSize);
    return IndexFile.decode(plain, name);
  }

  /** Writes the entries as one or more index objects; returns their names. */
  public List<String> write(List<PackContents> packs) throws IOException {
    return write(packs, PutMode.CREATE_IF_ABSENT);
  }

  /**
   * As {@link #write(List)}; {@link PutMode#CREATE_OR_REPLACE} also replaces a stored object of the same name, which
   * holds the same entries if it authenticates and may not if it is damaged (what index repair must not keep).
   */
  public List<String> write(List<PackContents> packs, PutMode mode) throws IOException {
    List<String> names = new ArrayList<>();
    List<PackContents> batch = new ArrayList<>();
    int count = 0;
    for (PackContents pack : packs) {
      batch.add(pack);
      count += pack.entries().size();
      if (count >= MAX_ENTRIES_PER_OBJECT) {
        names.add(writeOne(batch, mode));
        batch = new ArrayList<>();
        count = 0;
      }
    }
    if (!batch.isEmpty()) {
      names.add(writeOne(batch, mode));
    }
    return names;
  }

  private String writeOne(List<PackContents> packs, PutMode mode) throws IOException {
    byte[] plain = IndexFile.encode(packs);
    String name = HexFormat.of().formatHex(repository.contentIdKey().id(plain));
    byte[] sealed = repository.objects().seal(ObjectKind.INDEX, name, Zstd.compress(plain, 3));
    try {
      repository.backend().put(RepositoryLayout.index(name), BlobContent.of(sealed), mode);
    } catch (StorageException.AlreadyExists e) {
      // Same name means same content: another run wrote this very index already.
    }
    return name;
  }
}
