package dev.pouch.agent.lock;

import dev.pouch.agent.repository.Json;
import dev.pouch.agent.repository.ObjectKind;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.agent.repository.RepositoryLockedException;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Repository locks as objects under {@code locks/}. Taking a lock writes it first and then looks for conflicting
 * ones, backing off if any is found, so two writers can never both believe they hold conflicting locks. A lock not
 * refreshed for {@link #STALE_AFTER}, or held by a process of this host that no longer exists, is stale and ignored.
 */
public final class LockService {

  public static final Duration STALE_AFTER = Duration.ofMinutes(30);
  static final Duration REFRESH_EVERY = Duration.ofMinutes(5);

  private final Repository repository;
  private final String host;
  private final long pid;

  public LockService(Repository repository, String host, long pid) {
    this.repository = repository;
    this.host = host;
    this.pid = pid;
  }

  /** A lock found in the repository and whether it is stale now. */
  public record Listed(LockInfo info, boolean stale, String staleReason) {}

  public RepositoryLock acquire(LockMode mode, String purpose) throws IOException {
    byte[] idBytes = new byte[16];
    repository.random().nextBytes(idBytes);
    String id = HexFormat.of().formatHex(idBytes);
    Instant now = repository.clock().instant();
    LockInfo info = new LockInfo(id, mode, host, pid, purpose, now, now);
    write(info, PutMode.CREATE_IF_ABSENT);
    List<Listed> conflicts = new ArrayList<>();
    for (Listed other : list()) {
      if (other.info().id().equals(id) || other.stale()) {
        continue;
      }
      if (mode == LockMode.EXCLUSIVE || other.info().mode() == LockMode.EXCLUSIVE) {
        conflicts.add(other);
      }
    }
    if (!conflicts.isEmpty()) {
      repository.backend().delete(RepositoryLayout.lock(id));
      LockInfo c = conflicts.get(0).info();
      throw new RepositoryLockedException("repository " + repository.backend().describe() + " is locked "
          + c.mode().name().toLowerCase() + " by " + c.purpose() + " on " + c.host() + " (pid " + c.pid()
          + ", since " + c.created() + "); try again later, or if that process is gone it expires after "
          + STALE_AFTER.toMinutes() + " minutes without refresh");
    }
    return new Held(info);
  }

  public List<Listed> list() throws IOException {
    List<BlobInfo> infos;
    try (Stream<BlobInfo> s = repository.backend().list(RepositoryLayout.LOCKS)) {
      infos = s.toList();
    }
    List<Listed> locks = new ArrayList<>();
    Instant now = repository.clock().instant();
    for (BlobInfo blob : infos) {
      String id = blob.key().name();
      LockInfo info;
      try {
        byte[] plain = repository.objects().open(ObjectKind.LOCK, id,
            Repository.readSmall(repository.backend(), blob.key()));
        info = Json.read(plain, LockInfo.class, "lock " + id);
      } catch (StorageException.NotFound e) {
        continue; // released while we listed
      } catch (IntegrityException e) {
        // An unreadable lock cannot be honoured, and must not block the repository forever.
        locks.add(new Listed(new LockInfo(id, LockMode.SHARED, "?", -1, "unreadable lock", blob.lastModified(),
            blob.lastModified()), true, "unreadable: " + e.getMessage()));
        continue;
      }
      locks.add(new Listed(info, isStale(info, now) != null, isStale(info, now)));
    }
    return locks;
  }

  /** Removes stale locks; returns what was removed. */
  public List<Listed> removeStale() throws IOException {
    List<Listed> removed = new ArrayList<>();
    for (Listed l : list()) {
      if (l.stale()) {
        repository.backend().delete(RepositoryLayout.lock(l.info().id()));
        removed.add(l);
      }
    }
    return removed;
  }

  private String isStale(LockInfo info, Instant now) {
    if (info.refreshed().plus(STALE_AFTER).isBefore(now)) {
      return "not refreshed since " + info.refreshed();
    }
    if (info.host().equals(host) && info.pid() != pid && ProcessHandle.of(info.pid()).isEmpty()) {
      return "process " + info.pid() + " on this host is gone";
    }
    return null;
  }

  private void write(LockInfo info, PutMode mode) throws IOException {
    byte[] sealed = repository.objects().seal(ObjectKind.LOCK, info.id(), Json.write(info));
    repository.backend().put(RepositoryLayout.lock(info.id()), BlobContent.of(sealed), mode);
  }

  private final class Held implements RepositoryLock {
    private volatile LockInfo info;
    private final ScheduledExecutorService refresher;

    Held(LockInfo info) {
      this.info = info;
      this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pouch-lock-refresh");
        t.setDaemon(true);
        return t;
      });
      long every = REFRESH_EVERY.toMillis();
      refresher.scheduleAtFixedRate(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }

    private void refresh() {
      LockInfo next = new LockInfo(info.id(), info.mode(), info.host(), info.pid(), info.purpose(), info.created(),
          repository.clock().instant());
      try {
        write(next, PutMode.CREATE_OR_REPLACE);
        info = next;
      } catch (IOException | RuntimeException e) {
        // The next refresh tries again; the lock only goes stale after several misses.
      }
    }

    @Override
    public LockInfo info() {
      return info;
    }

    @Override
    public void close() throws IOException {
      refresher.shutdownNow();
      repository.backend().delete(RepositoryLayout.lock(info.id()));
    }
  }
}
