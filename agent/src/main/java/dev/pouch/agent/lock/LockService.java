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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Repository locks as objects under {@code locks/}. Taking a lock writes it first and then looks for conflicting
 * ones, backing off if any is found, so two writers can never both believe they hold conflicting locks. A lock is
 * stale, and ignored, when neither its own refresh time nor the storage's modification time of its object is within
 * {@link #STALE_AFTER} (so a holder whose clock runs behind is not taken for dead), or when it is held by a process of
 * this host that no longer exists. A lock this process cannot read (sealed under a key epoch it does not know yet,
 * after re-reading the keyring) counts as an exclusive one until its object is {@link #STALE_AFTER} old.
 *
 * <p>A holder whose refreshes fail for longer than {@code STALE_AFTER - REFRESH_EVERY}, or whose lock object was
 * removed, no longer holds the lock: {@link RepositoryLock#checkStillHeld} says so before a writer commits.
 */
public final class LockService {

  public static final Duration STALE_AFTER = Duration.ofMinutes(30);
  static final Duration REFRESH_EVERY = Duration.ofMinutes(5);

  // Locks this process holds, over all repositories: what a signal's shutdown waits for (cli.SignalStop).
  private static final AtomicInteger HELD = new AtomicInteger();

  private final Repository repository;
  private final String host;
  private final long pid;
  private final Duration staleAfter;
  private final Duration refreshEvery;

  public LockService(Repository repository, String host, long pid) {
    this(repository, host, pid, STALE_AFTER, REFRESH_EVERY);
  }

  /** With other periods, for tests that cannot wait half an hour. */
  LockService(Repository repository, String host, long pid, Duration staleAfter, Duration refreshEvery) {
    this.repository = repository;
    this.host = host;
    this.pid = pid;
    this.staleAfter = staleAfter;
    this.refreshEvery = refreshEvery;
  }

  /** A lock found in the repository and whether it is stale now. */
  public record Listed(LockInfo info, boolean stale, String staleReason) {}

  /** How many locks this process holds now, in any repository. */
  public static int heldInThisProcess() {
    return HELD.get();
  }

  public RepositoryLock acquire(LockMode mode, String purpose) throws IOException {
    // Counted from before the write: a signal between the write and the return must still wait for the release.
    HELD.incrementAndGet();
    boolean acquired = false;
    try {
      RepositoryLock lock = writeAndCheck(mode, purpose);
      acquired = true;
      return lock;
    } finally {
      if (!acquired) {
        HELD.decrementAndGet();
      }
    }
  }

  private RepositoryLock writeAndCheck(LockMode mode, String purpose) throws IOException {
    byte[] idBytes = new byte[16];
    repository.random().nextBytes(idBytes);
    String id = HexFormat.of().formatHex(idBytes);
    Instant now = repository.clock().instant();
    LockInfo info = new LockInfo(id, mode, host, pid, purpose, now, now);
    try {
      write(info, PutMode.CREATE_IF_ABSENT);
    } catch (StorageException.AlreadyExists | StorageException.OutcomeUnknown e) {
      // The id is 128 random bits, so an object under it is our own put whose reply was lost (a retry, ours or the
      // SDK's, then meets it): the lock is written. Anything else is a put that left nothing behind.
      if (!isStored(info)) {
        throw e;
      }
    }
    try {
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
        LockInfo c = conflicts.get(0).info();
        throw new RepositoryLockedException("repository " + repository.backend().describe() + " is locked "
            + c.mode().name().toLowerCase() + " by " + c.purpose() + " on " + c.host() + " (pid " + c.pid()
            + ", since " + c.created() + "); try again later, or if that process is gone it expires after "
            + staleAfter.toMinutes() + " minutes without refresh");
      }
    } catch (IOException | RuntimeException e) {
      // Not holding it: a lock left behind would block others for the whole stale period. The interrupt (Ctrl-C
      // during the check) is held back for the delete, which storage clients abort on an interrupted thread.
      boolean interrupted = Thread.interrupted();
      try {
        repository.backend().delete(RepositoryLayout.lock(id));
      } catch (IOException | RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      throw e;
    }
    return new Held(info);
  }

  /** Whether the lock object of {@code info} is stored with exactly its content. */
  private boolean isStored(LockInfo info) throws IOException {
    try {
      return info.equals(read(info.id()));
    } catch (StorageException.NotFound | IntegrityException e) {
      return false;
    }
  }

  private LockInfo read(String id) throws IOException {
    byte[] sealed = Repository.readSmall(repository.backend(), RepositoryLayout.lock(id));
    return Json.read(repository.objects().open(ObjectKind.LOCK, id, sealed), LockInfo.class, "lock " + id);
  }

  public List<Listed> list() throws IOException {
    List<BlobInfo> infos;
    try (Stream<BlobInfo> s = repository.backend().list(RepositoryLayout.LOCKS)) {
      infos = s.toList();
    }
    List<Listed> locks = new ArrayList<>();
    Instant now = repository.clock().instant();
    boolean keyringRefreshed = false;
    for (BlobInfo blob : infos) {
      String id = blob.key().name();
      LockInfo info;
      try {
        info = read(id);
      } catch (StorageException.NotFound e) {
        continue; // released while we listed
      } catch (IntegrityException e) {
        if (!keyringRefreshed) {
          // most likely sealed under an epoch added by 'key rotate' since this process opened the repository
          keyringRefreshed = true;
          repository.refreshKeyring();
          try {
            info = read(id);
            locks.add(listed(info, blob, now));
            continue;
          } catch (StorageException.NotFound again) {
            continue;
          } catch (IntegrityException stillUnreadable) {
            // counted below as unreadable
          }
        }
        // Cannot be honoured by its mode, and must not block the repository forever: exclusive until it is old.
        boolean old = blob.lastModified().plus(staleAfter).isBefore(now);
        locks.add(new Listed(new LockInfo(id, LockMode.EXCLUSIVE, "?", -1, "unreadable lock", blob.lastModified(),
            blob.lastModified()), old, old ? "unreadable and not modified since " + blob.lastModified() : null));
        continue;
      }
      locks.add(listed(info, blob, now));
    }
    return locks;
  }

  private Listed listed(LockInfo info, BlobInfo blob, Instant now) {
    String stale = isStale(info, blob.lastModified(), now);
    return new Listed(info, stale != null, stale);
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

  private String isStale(LockInfo info, Instant stored, Instant now) {
    if (info.refreshed().plus(staleAfter).isBefore(now) && stored.plus(staleAfter).isBefore(now)) {
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
    private volatile long refreshedNanos = System.nanoTime(); // this process's clock: immune to wall-clock jumps
    private volatile String lost;
    private final ScheduledExecutorService refresher;
    private final AtomicBoolean released = new AtomicBoolean();

    Held(LockInfo info) {
      this.info = info;
      this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pouch-lock-refresh");
        t.setDaemon(true);
        return t;
      });
      long every = refreshEvery.toMillis();
      refresher.scheduleAtFixedRate(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }

    private void refresh() {
      if (lost != null) {
        return;
      }
      LockInfo next = new LockInfo(info.id(), info.mode(), info.host(), info.pid(), info.purpose(), info.created(),
          repository.clock().instant());
      try {
        if (repository.backend().stat(RepositoryLayout.lock(info.id())).isEmpty()) {
          // removed by someone who took it for stale: writing it again would hide that from this holder
          lost = "its lock object was removed by another process that took it for stale";
          return;
        }
        write(next, PutMode.CREATE_OR_REPLACE);
        info = next;
        refreshedNanos = System.nanoTime();
      } catch (IOException | RuntimeException e) {
        // The next refresh tries again; checkStillHeld tells the holder once others may take the lock for stale.
      }
    }

    @Override
    public LockInfo info() {
      return info;
    }

    @Override
    public void checkStillHeld() throws RepositoryLockedException {
      long since = System.nanoTime() - refreshedNanos;
      String why = lost != null ? lost : since > staleAfter.minus(refreshEvery).toNanos()
          ? "it was last refreshed " + Duration.ofNanos(since).toSeconds() + " s ago, and after "
              + staleAfter.toMinutes() + " minutes others take it for stale"
          : null;
      if (why != null) {
        throw new RepositoryLockedException("lost the " + info.mode().name().toLowerCase() + " lock on "
            + repository.backend().describe() + " (" + info.purpose() + "): " + why + "; nothing more is written, "
            + "run the command again");
      }
    }

    @Override
    public void close() throws IOException {
      if (!released.compareAndSet(false, true)) {
        return;
      }
      refresher.shutdownNow();
      // Release runs on an interrupted thread too (a command stopped by Ctrl-C or SIGTERM): the interrupt is held back
      // while waiting for a refresh in flight, which would put the lock back after the delete, and during the delete,
      // which storage clients abort on an interrupted thread.
      boolean interrupted = Thread.interrupted();
      try {
        try {
          // a refresh in progress would put the lock back after the delete, blocking others for the stale period
          if (!refresher.awaitTermination(1, TimeUnit.MINUTES)) {
            throw new IOException("a refresh of lock " + info.id() + " did not end; it expires by itself");
          }
        } catch (InterruptedException e) {
          interrupted = true; // interrupted again while waiting: delete without waiting longer
        }
        repository.backend().delete(RepositoryLayout.lock(info.id()));
      } finally {
        HELD.decrementAndGet();
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
