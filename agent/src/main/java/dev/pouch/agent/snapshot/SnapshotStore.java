package dev.pouch.agent.snapshot;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.github.luben.zstd.Zstd;
import dev.pouch.agent.concurrent.ParallelReads;
import dev.pouch.agent.repository.Json;
import dev.pouch.agent.repository.ObjectKind;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.agent.repository.SnapshotId;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Reads, writes, lists and resolves snapshots ({@code snapshots/<id>}: zstd-compressed JSON, sealed). */
public final class SnapshotStore {

  static final long READ_LIMIT = 1L << 30;

  private final Repository repository;

  public SnapshotStore(Repository repository) {
    this.repository = repository;
  }

  /** A snapshot together with its id. */
  public record Stored(SnapshotId id, Snapshot snapshot) {}

  /** A snapshot object that could not be read. */
  public record Unreadable(SnapshotId id, String reason) {}

  /** Every readable snapshot, oldest first, and the unreadable ones. */
  public record Listing(List<Stored> snapshots, List<Unreadable> unreadable) {}

  /** A snapshot without its file list and capture proof: what choosing among many snapshots needs. */
  public record Header(SnapshotId id, java.time.Instant time, String host, String source, List<String> tags) {

    public static Header of(SnapshotId id, Snapshot snapshot) {
      return new Header(id, snapshot.time(), snapshot.host(), snapshot.source(), snapshot.tags());
    }
  }

  /** Headers of every readable snapshot, oldest first, and the unreadable ones. */
  public record Headers(List<Header> snapshots, List<Unreadable> unreadable) {}

  public SnapshotId write(Snapshot snapshot) throws IOException {
    byte[] plain = Json.write(snapshot);
    SnapshotId id = new SnapshotId(HexFormat.of().formatHex(repository.contentIdKey().id(plain)));
    byte[] sealed = repository.objects().seal(ObjectKind.SNAPSHOT, id.hex(), Zstd.compress(plain, 3));
    repository.backend().put(RepositoryLayout.snapshot(id), BlobContent.of(sealed), PutMode.CREATE_IF_ABSENT);
    return id;
  }

  public Snapshot read(SnapshotId id) throws IOException {
    return read(id, fetch(id));
  }

  private Snapshot read(SnapshotId id, byte[] stored) throws IOException {
    return Json.read(plain(id, stored), Snapshot.class, "snapshot " + id.shortHex());
  }

  /** The snapshot as stored: sealed, not yet authenticated. */
  private byte[] fetch(SnapshotId id) throws IOException {
    return Repository.readBounded(repository.backend(), RepositoryLayout.snapshot(id), READ_LIMIT);
  }

  /** The snapshot's JSON, authenticated and decompressed. */
  private byte[] plain(SnapshotId id, byte[] stored) throws IOException {
    byte[] packed = repository.objects().open(ObjectKind.SNAPSHOT, id.hex(), stored);
    long rawSize = Zstd.getFrameContentSize(packed);
    if (rawSize < 0 || rawSize > READ_LIMIT) {
      throw new IntegrityException("snapshot " + id + " declares " + rawSize + " bytes");
    }
    return Zstd.decompress(packed, (int) rawSize);
  }

  public List<SnapshotId> ids() throws IOException {
    try (Stream<BlobInfo> list = repository.backend().list(RepositoryLayout.SNAPSHOTS)) {
      List<SnapshotId> ids = new ArrayList<>();
      for (BlobInfo info : list.toList()) {
        try {
          ids.add(new SnapshotId(info.key().name()));
        } catch (IllegalArgumentException e) {
          // A foreign object under snapshots/ is not a snapshot; verify reports it.
        }
      }
      return ids;
    }
  }

  public Listing list() throws IOException {
    List<Stored> stored = new ArrayList<>();
    List<Unreadable> unreadable = forEachReadable((id, snapshot) -> stored.add(new Stored(id, snapshot)));
    stored.sort(Comparator.comparing((Stored s) -> s.snapshot().time()).thenComparing(s -> s.id().hex()));
    return new Listing(stored, unreadable);
  }

  /** What a caller takes from each snapshot {@link #forEachReadable} reads. */
  @FunctionalInterface
  public interface Reader<T> {
    void accept(SnapshotId id, T snapshot) throws IOException;
  }

  /** Reads the part of a snapshot a walk over all of them needs, from its stored bytes. */
  @FunctionalInterface
  private interface Part<T> {
    T read(SnapshotId id, byte[] stored) throws IOException;
  }

  /**
   * Reads every snapshot in turn and hands each readable one to {@code each}, which keeps what it needs, so a caller
   * that keeps little holds one snapshot at a time whatever their number; returns the unreadable ones.
   */
  public List<Unreadable> forEachReadable(Reader<Snapshot> each) throws IOException {
    return forEachReadable(this::read, each);
  }

  private <T> List<Unreadable> forEachReadable(Part<T> part, Reader<T> each) throws IOException {
    List<Unreadable> unreadable = new ArrayList<>();
    // A few snapshots are fetched ahead (each a request to the store) while the one before is opened here.
    ParallelReads.inOrder(ids(), ParallelReads.READ_AHEAD, this::fetch, (id, stored) -> {
      T read;
      try {
        read = part.read(id, stored.get());
      } catch (IntegrityException | StorageException.NotFound e) {
        unreadable.add(new Unreadable(id, e.getMessage()));
        return;
      }
      each.accept(id, read);
    });
    return unreadable;
  }

  /**
   * Like {@link #list()}, but reads only each snapshot's header: the file lists and capture proofs are skipped by the
   * JSON parser instead of being built (a full listing of 10,000 snapshots of 1,000 files each needs gigabytes of
   * heap, and binding them is what made finding a backup's parent slower with every snapshot). Every byte is still
   * authenticated.
   */
  public Headers headers() throws IOException {
    List<Header> headers = new ArrayList<>();
    List<Unreadable> unreadable = this.<HeaderFields>forEachReadable(
        (id, stored) -> Json.read(plain(id, stored), HEADER_FIELDS, "snapshot " + id.shortHex()),
        (id, fields) -> headers.add(new Header(id, fields.time(), fields.host(), fields.source(), fields.tags())));
    headers.sort(Comparator.comparing(Header::time).thenComparing(h -> h.id().hex()));
    return new Headers(headers, unreadable);
  }

  /** The members of a snapshot's JSON that a {@link Header} holds. */
  private record HeaderFields(Instant time, String host, String source, List<String> tags) {}

  private static final ObjectReader HEADER_FIELDS = Json.mapper().readerFor(HeaderFields.class)
      .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * Resolves {@code latest}, a full id or a unique prefix (at least 4 digits) to a stored snapshot.
   *
   * @throws IllegalArgumentException with a hint when nothing or more than one snapshot matches
   */
  public Stored resolve(String reference) throws IOException {
    if (reference.equals("latest")) {
      List<Header> all = headers().snapshots();
      if (all.isEmpty()) {
        throw new IllegalArgumentException("the repository has no snapshots yet; run 'pouch backup' first");
      }
      SnapshotId newest = all.get(all.size() - 1).id();
      return new Stored(newest, read(newest));
    }
    if (reference.length() < 4 || !reference.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException("'" + reference + "' is not a snapshot id: give 'latest' or at least 4 hex "
          + "digits of an id from 'pouch snapshots'");
    }
    List<SnapshotId> matches = ids().stream().filter(id -> id.hex().startsWith(reference.toLowerCase())).toList();
    if (matches.isEmpty()) {
      throw new IllegalArgumentException("no snapshot matches '" + reference + "'; see 'pouch snapshots'");
    }
    if (matches.size() > 1) {
      throw new IllegalArgumentException("'" + reference + "' matches " + matches.size() + " snapshots; give more "
          + "digits");
    }
    return new Stored(matches.get(0), read(matches.get(0)));
  }
}
