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

  public Loaded loadAll() throws IOException {
    ChunkIndex index = new ChunkIndex();
    List<String> names = new ArrayList<>();
    List<Unreadable> unreadable = new ArrayList<>();
    List<BlobInfo> infos;
    try (Stream<BlobInfo> list = repository.backend().list(RepositoryLayout.INDEX)) {
      infos = list.toList();
    }
    // A few index objects are fetched ahead (each a request to the store) while the one before is decoded here.
    List<String> all = infos.stream().map(info -> info.key().name()).toList();
    ParallelReads.inOrder(all, ParallelReads.READ_AHEAD, this::fetch, (name, stored) -> {
      try {
        for (PackContents pack : decode(name, stored.get())) {
          index.add(pack);
        }
        names.add(name);
      } catch (IntegrityException e) {
        unreadable.add(new Unreadable(name, e.getMessage()));
      }
    });
    return new Loaded(index, names, unreadable);
  }

  public List<PackContents> read(String name) throws IOException {
    return decode(name, fetch(name));
  }

  private byte[] fetch(String name) throws IOException {
    return Repository.readBounded(repository.backend(), RepositoryLayout.index(name), READ_LIMIT);
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
    List<String> names = new ArrayList<>();
    List<PackContents> batch = new ArrayList<>();
    int count = 0;
    for (PackContents pack : packs) {
      batch.add(pack);
      count += pack.entries().size();
      if (count >= MAX_ENTRIES_PER_OBJECT) {
        names.add(writeOne(batch));
        batch = new ArrayList<>();
        count = 0;
      }
    }
    if (!batch.isEmpty()) {
      names.add(writeOne(batch));
    }
    return names;
  }

  private String writeOne(List<PackContents> packs) throws IOException {
    byte[] plain = IndexFile.encode(packs);
    String name = HexFormat.of().formatHex(repository.contentIdKey().id(plain));
    byte[] sealed = repository.objects().seal(ObjectKind.INDEX, name, Zstd.compress(plain, 3));
    try {
      repository.backend().put(RepositoryLayout.index(name), BlobContent.of(sealed), PutMode.CREATE_IF_ABSENT);
    } catch (dev.pouch.storage.StorageException.AlreadyExists e) {
      // Same name means same content: another run wrote this very index already.
    }
    return name;
  }
}
