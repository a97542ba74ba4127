package dev.pouch.storage.fault;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.ByteRange;
import dev.pouch.storage.Capabilities;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.Sleeper;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageException;
import dev.pouch.storage.StorageOperation;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * A {@link StorageBackend} decorator that injects faults by a script of rules and records every call.
 *
 * <p>Each rule pairs a {@link When} with a {@link Fault}. For every call, each rule whose operation (and key filter)
 * matches counts the call; the rule fires when the call's number falls in its range and, for random rules, when the
 * seeded generator says so. Of the rules that fire, every {@link Fault.Delay} is served first, then the first rule
 * that decides the outcome ({@link Fault.Fail}, {@link Fault.ReportAlreadyExists}, {@link Fault.DropAfterSend},
 * {@link Fault.LoseWrite}) applies; stream faults ({@link Fault.FailUploadAfter}, {@link Fault.TruncateRead},
 * {@link Fault.FailReadAfter}, {@link Fault.FlipBit}, {@link Fault.FailListAfter}) all apply to the call they fire on.
 *
 * <p>Rule evaluation is serialised, so with one thread the same seed gives the same faults; with several threads the
 * faults depend on the order calls arrive in. Rules can be added while the backend is in use ({@link #inject}); a new
 * rule counts calls from the moment it is added.
 *
 * <pre>{@code
 * var faulty = FaultInjectingStorageBackend.builder(MemoryStorageBackend.create())
 *     .seed(42)
 *     .failFirst(StorageOperation.PUT, 2, Failure.TRANSIENT)
 *     .inject(When.randomly(StorageOperation.OPEN, 0.1), new Fault.FlipBit(17))
 *     .build();
 * }</pre>
 */
public final class FaultInjectingStorageBackend implements StorageBackend {

  /**
   * One call as the caller saw it.
   *
   * @param sequence the call's number among all calls to this backend, from 1
   * @param operation the operation called
   * @param key the key; null for list
   * @param prefix the prefix for list; null otherwise
   * @param failure the exception the call threw, null when it returned normally (stream faults show only later)
   * @param injected whether a fault fired on this call
   */
  public record Call(long sequence, StorageOperation operation, BlobKey key, String prefix,
      Class<? extends Throwable> failure, boolean injected) {

    /** Whether the call returned normally. */
    public boolean succeeded() {
      return failure == null;
    }
  }

  private static final class Rule {
    final When when;
    final Fault fault;
    long counted;

    Rule(When when, Fault fault) {
      this.when = when;
      this.fault = fault;
    }
  }

  private final StorageBackend inner;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final List<Rule> rules = new ArrayList<>(); // guarded by itself
  private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
  private final AtomicLong sequence = new AtomicLong();

  private FaultInjectingStorageBackend(Builder builder) {
    this.inner = builder.inner;
    this.sleeper = builder.sleeper;
    this.random = new SplittableRandom(builder.seed);
    for (Rule rule : builder.rules) {
      rules.add(rule);
    }
  }

  /** Starts a script around {@code inner}: seed 0, the real sleeper, no rules. */
  public static Builder builder(StorageBackend inner) {
    return new Builder(inner);
  }

  /** A backend that passes every call through and only records it. */
  public static FaultInjectingStorageBackend recording(StorageBackend inner) {
    return builder(inner).build();
  }

  /** Collects the script of a {@link FaultInjectingStorageBackend}. */
  public static final class Builder {
    private final StorageBackend inner;
    private final List<Rule> rules = new ArrayList<>();
    private long seed;
    private Sleeper sleeper = Sleeper.system();

    private Builder(StorageBackend inner) {
      this.inner = Objects.requireNonNull(inner, "inner");
    }

    /** Seeds the generator behind {@link When#randomly}. */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** How {@link Fault.Delay} waits; tests pass a manual clock's sleeper. */
    public Builder sleeper(Sleeper value) {
      this.sleeper = Objects.requireNonNull(value, "sleeper");
      return this;
    }

    /** Adds a rule; rules are consulted in the order added. */
    public Builder inject(When when, Fault fault) {
      rules.add(checkedRule(when, fault));
      return this;
    }

    /** Fails calls 1..{@code count} of {@code operation}. */
    public Builder failFirst(StorageOperation operation, long count, Failure failure) {
      return inject(When.first(operation, count), new Fault.Fail(failure));
    }

    /** Fails only the {@code n}-th call of {@code operation}. */
    public Builder failNth(StorageOperation operation, long n, Failure failure) {
      return inject(When.nth(operation, n), new Fault.Fail(failure));
    }

    /** Fails each call of {@code operation} with {@code probability}. */
    public Builder failRandomly(StorageOperation operation, double probability, Failure failure) {
      return inject(When.randomly(operation, probability), new Fault.Fail(failure));
    }

    /** Adds {@code latency} to every call of {@code operation}. */
    public Builder delay(StorageOperation operation, Duration latency) {
      return inject(When.every(operation), new Fault.Delay(latency));
    }

    public FaultInjectingStorageBackend build() {
      return new FaultInjectingStorageBackend(this);
    }
  }

  /** Adds a rule to a backend in use; it counts calls from now on. */
  public FaultInjectingStorageBackend inject(When when, Fault fault) {
    Rule rule = checkedRule(when, fault);
    synchronized (rules) {
      rules.add(rule);
    }
    return this;
  }

  /** Removes every rule; calls pass through from now on. */
  public void clearFaults() {
    synchronized (rules) {
      rules.clear();
    }
  }

  /** Every call so far, in the order they completed. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The calls of one operation so far. */
  public List<Call> calls(StorageOperation operation) {
    return calls.stream().filter(c -> c.operation() == operation).toList();
  }

  /** How many calls of {@code operation} were made. */
  public long count(StorageOperation operation) {
    return calls.stream().filter(c -> c.operation() == operation).count();
  }

  /** How many calls of {@code operation} on {@code key} were made. */
  public long count(StorageOperation operation, BlobKey key) {
    return calls.stream().filter(c -> c.operation() == operation && key.equals(c.key())).count();
  }

  /** Forgets the recorded calls (rules keep their counts). */
  public void clearCalls() {
    calls.clear();
  }

  @Override
  public Capabilities capabilities() {
    return inner.capabilities();
  }

  @Override
  public void put(BlobKey key, BlobContent content, PutMode mode) throws StorageException {
    long number = sequence.incrementAndGet();
    List<Fault> faults = fire(StorageOperation.PUT, key);
    try {
      delay(faults, "put", key);
      Fault outcome = decidingFault(faults);
      if (outcome instanceof Fault.Fail fail) {
        throw fail.failure().exception("put", key, inner.describe());
      }
      if (outcome instanceof Fault.ReportAlreadyExists) {
        throw new StorageException.AlreadyExists("put", key, inner.describe(), null);
      }
      if (!(outcome instanceof Fault.LoseWrite)) {
        inner.put(key, FaultyStreams.failingContent(content, faults), mode);
      }
      if (outcome instanceof Fault.DropAfterSend) {
        throw new StorageException.OutcomeUnknown("put", key, inner.describe(),
            "injected: reply lost after the put was performed", null);
      }
      record(number, StorageOperation.PUT, key, null, null, faults);
    } catch (StorageException | RuntimeException | Error e) {
      record(number, StorageOperation.PUT, key, null, e, faults);
      throw e;
    }
  }

  @Override
  public InputStream open(BlobKey key, ByteRange range) throws StorageException {
    long number = sequence.incrementAndGet();
    List<Fault> faults = fire(StorageOperation.OPEN, key);
    try {
      delay(faults, "open", key);
      failIfScripted(faults, "open", key);
      InputStream in = FaultyStreams.faultyStream(inner.open(key, range), faults);
      record(number, StorageOperation.OPEN, key, null, null, faults);
      return in;
    } catch (StorageException | RuntimeException | Error e) {
      record(number, StorageOperation.OPEN, key, null, e, faults);
      throw e;
    }
  }

  @Override
  public Optional<BlobInfo> stat(BlobKey key) throws StorageException {
    long number = sequence.incrementAndGet();
    List<Fault> faults = fire(StorageOperation.STAT, key);
    try {
      delay(faults, "stat", key);
      failIfScripted(faults, "stat", key);
      Optional<BlobInfo> info = inner.stat(key);
      record(number, StorageOperation.STAT, key, null, null, faults);
      return info;
    } catch (StorageException | RuntimeException | Error e) {
      record(number, StorageOperation.STAT, key, null, e, faults);
      throw e;
    }
  }

  @Override
  public Stream<BlobInfo> list(String prefix) throws StorageException {
    long number = sequence.incrementAndGet();
    List<Fault> faults = fire(StorageOperation.LIST, null);
    try {
      delay(faults, "list", null);
      failIfScripted(faults, "list", null);
      Stream<BlobInfo> listed = FaultyStreams.failingListing(inner.list(prefix), faults, inner.describe());
      record(number, StorageOperation.LIST, null, prefix, null, faults);
      return listed;
    } catch (StorageException | RuntimeException | Error e) {
      record(number, StorageOperation.LIST, null, prefix, e, faults);
      throw e;
    }
  }

  @Override
  public void delete(BlobKey key) throws StorageException {
    long number = sequence.incrementAndGet();
    List<Fault> faults = fire(StorageOperation.DELETE, key);
    try {
      delay(faults, "delete", key);
      failIfScripted(faults, "delete", key);
      inner.delete(key);
      record(number, StorageOperation.DELETE, key, null, null, faults);
    } catch (StorageException | RuntimeException | Error e) {
      record(number, StorageOperation.DELETE, key, null, e, faults);
      throw e;
    }
  }

  @Override
  public String describe() {
    return inner.describe();
  }

  @Override
  public Optional<StorageBackend> decorated() {
    return Optional.of(inner);
  }

  @Override
  public void close() throws StorageException {
    inner.close();
  }

  // ---------------------------------------------------------------- rule evaluation

  private static Rule checkedRule(When when, Fault fault) {
    Objects.requireNonNull(when, "when");
    Objects.requireNonNull(fault, "fault");
    if (!fault.appliesTo().contains(when.operation())) {
      throw new IllegalArgumentException(fault + " does not apply to " + when.operation().label());
    }
    return new Rule(when, fault);
  }

  private List<Fault> fire(StorageOperation operation, BlobKey key) {
    List<Fault> fired = new ArrayList<>();
    synchronized (rules) {
      for (Rule rule : rules) {
        if (!rule.when.counts(operation, key)) {
          continue;
        }
        long number = ++rule.counted;
        if (number >= rule.when.fromCall() && number <= rule.when.toCall()
            && (rule.when.probability() >= 1 || random.nextDouble() < rule.when.probability())) {
          fired.add(rule.fault);
        }
      }
    }
    return fired;
  }

  private void delay(List<Fault> faults, String operation, BlobKey key) throws StorageException {
    Duration total = Duration.ZERO;
    for (Fault fault : faults) {
      if (fault instanceof Fault.Delay delay) {
        total = total.plus(delay.latency());
      }
    }
    if (total.isZero()) {
      return;
    }
    try {
      sleeper.sleep(total);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException.Transient(operation, key, inner.describe(), "interrupted during injected latency",
          e);
    }
  }

  private static Fault decidingFault(List<Fault> faults) {
    for (Fault fault : faults) {
      if (fault instanceof Fault.Fail || fault instanceof Fault.ReportAlreadyExists
          || fault instanceof Fault.DropAfterSend || fault instanceof Fault.LoseWrite) {
        return fault;
      }
    }
    return null;
  }

  private void failIfScripted(List<Fault> faults, String operation, BlobKey key) throws StorageException {
    if (decidingFault(faults) instanceof Fault.Fail fail) {
      throw fail.failure().exception(operation, key, inner.describe());
    }
  }

  private void record(long number, StorageOperation operation, BlobKey key, String prefix, Throwable failure,
      List<Fault> faults) {
    calls.add(new Call(number, operation, key, prefix, failure == null ? null : failure.getClass(),
        !faults.isEmpty()));
  }
}
