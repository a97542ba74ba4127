package dev.pouch.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executable form of the {@link StorageBackend} Javadoc, run against every backend: memory and local here, S3Proxy,
 * Azurite and the GCS fake in integration-tests. Subclasses supply {@link #newBackend()}; what a backend cannot do is
 * read from {@link StorageBackend#capabilities()}, never assumed.
 *
 * <p>Every test works below its own random key prefix ({@link #key(String)}, {@link #prefix()}) and never lists or
 * deletes outside it, so subclasses may share one bucket or server between tests. A server quirk is handled by
 * overriding the one affected test in that server's subclass with a comment naming the quirk; the base is never
 * weakened.
 */
public abstract class StorageBackendContract {

  private static final int MIB = 1024 * 1024;

  private StorageBackend backend;
  private String prefix;
  private SplittableRandom random;

  /** A fresh, empty backend (own bucket/prefix) for each test. The contract closes it after the test. */
  protected abstract StorageBackend newBackend() throws Exception;

  /** Size that forces this backend's multipart path; override in cloud subclasses (default 0 = no multipart test). */
  protected long multipartThresholdBytes() {
    return 0;
  }

  /** How many keys the paging test writes; must exceed one list page of the backend (1,000 on S3, GCS, Azure). */
  protected int listPageTestKeyCount() {
    return 1100;
  }

  @BeforeEach
  protected final void openBackend(TestInfo test) throws Exception {
    random = new SplittableRandom(test.getDisplayName().hashCode());
    prefix = "contract-" + HexFormat.of().toHexDigits(new SplittableRandom().nextInt()) + "/";
    backend = newBackend();
  }

  @AfterEach
  protected final void closeBackend() throws Exception {
    if (backend != null) {
      backend.close();
    }
  }

  /** The backend under test in the current test. */
  protected final StorageBackend backend() {
    return backend;
  }

  /** This test's random key prefix, ending in {@code /}. */
  protected final String prefix() {
    return prefix;
  }

  /** {@code name} below this test's prefix. */
  protected final BlobKey key(String name) {
    return BlobKey.of(prefix + name);
  }

  // ---------------------------------------------------------------- put / open round trips

  @Test
  public void emptyBlobRoundTrips() throws Exception {
    assertRoundTrip(key("empty"), 0);
  }

  @Test
  public void smallBlobRoundTrips() throws Exception {
    assertRoundTrip(key("small"), 100);
  }

  @Test
  public void blobOfMoreThanOneMebibyteRoundTrips() throws Exception {
    assertRoundTrip(key("large"), MIB + 17);
  }

  @Test
  public void blobAboveMultipartThresholdRoundTrips() throws Exception {
    long threshold = multipartThresholdBytes();
    assumeTrue(threshold > 0, "backend declares no multipart threshold");
    // two full parts and a short last one, so a middle part is exercised too
    assertRoundTrip(key("multipart"), Math.toIntExact(2 * threshold + 12_345));
  }

  @Test
  public void createIfAbsentAboveMultipartThresholdOnExistingKeyFails() throws Exception {
    long threshold = multipartThresholdBytes();
    assumeTrue(threshold > 0, "backend declares no multipart threshold");
    BlobKey key = key("multipart-taken");
    byte[] first = randomBytes(1000);
    backend.put(key, BlobContent.of(first), PutMode.CREATE_IF_ABSENT);

    byte[] second = randomBytes(Math.toIntExact(threshold + 1));
    assertThatThrownBy(() -> backend.put(key, BlobContent.of(second), PutMode.CREATE_IF_ABSENT))
        .isInstanceOf(StorageException.AlreadyExists.class);
    assertThat(readAll(key)).isEqualTo(first);
  }

  @Test
  public void fileRegionContentRoundTrips(@TempDir Path dir) throws Exception {
    byte[] bytes = randomBytes(10_000);
    Path file = Files.write(dir.resolve("source"), bytes);
    BlobKey key = key("region");

    backend.put(key, BlobContent.ofRegion(file, 1000, 5000), PutMode.CREATE_OR_REPLACE);

    assertThat(readAll(key)).isEqualTo(java.util.Arrays.copyOfRange(bytes, 1000, 6000));
  }

  @Test
  public void oneContentInstanceCanBePutSeveralTimes() throws Exception {
    // BlobContent is replayable: a backend (or a retry above it) may open it any number of times
    byte[] bytes = randomBytes(4096);
    BlobContent content = BlobContent.of(bytes);

    backend.put(key("first"), content, PutMode.CREATE_OR_REPLACE);
    backend.put(key("second"), content, PutMode.CREATE_IF_ABSENT);
    backend.put(key("first"), content, PutMode.CREATE_OR_REPLACE);

    assertThat(readAll(key("first"))).isEqualTo(bytes);
    assertThat(readAll(key("second"))).isEqualTo(bytes);
  }

  @Test
  public void keysWithDotsDashesAndUnderscoresRoundTrip() throws Exception {
    List<String> names = List.of("v1.2.3", "-leading-dash", "_leading_underscore", "trailing.", "a..b", "...",
        ".dotfile", "mixed-Case_9.x/inner.-_", "UPPER");
    for (String name : names) {
      backend.put(key(name), BlobContent.of(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          PutMode.CREATE_IF_ABSENT);
    }
    for (String name : names) {
      assertThat(new String(readAll(key(name)), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(name);
    }
    assertThat(listedKeys(prefix)).containsExactlyElementsOf(names.stream().map(n -> prefix + n).sorted().toList());
  }

  // ---------------------------------------------------------------- put modes

  @Test
  public void createOrReplaceReplacesExistingContent() throws Exception {
    BlobKey key = key("replaced");
    backend.put(key, BlobContent.of(randomBytes(5000)), PutMode.CREATE_OR_REPLACE);
    byte[] second = randomBytes(300);

    backend.put(key, BlobContent.of(second), PutMode.CREATE_OR_REPLACE);

    assertThat(readAll(key)).isEqualTo(second);
    assertThat(backend.stat(key)).map(BlobInfo::sizeBytes).contains(300L);
  }

  @Test
  public void createIfAbsentCreatesMissingKey() throws Exception {
    BlobKey key = key("created");
    byte[] bytes = randomBytes(64);

    backend.put(key, BlobContent.of(bytes), PutMode.CREATE_IF_ABSENT);

    assertThat(readAll(key)).isEqualTo(bytes);
  }

  @Test
  public void createIfAbsentOnExistingKeyThrowsAlreadyExistsAndKeepsContent() throws Exception {
    BlobKey key = key("taken");
    byte[] first = randomBytes(128);
    backend.put(key, BlobContent.of(first), PutMode.CREATE_IF_ABSENT);

    assertThatThrownBy(() -> backend.put(key, BlobContent.of(randomBytes(256)), PutMode.CREATE_IF_ABSENT))
        .isInstanceOfSatisfying(StorageException.AlreadyExists.class, e -> {
          assertThat(e.key()).isEqualTo(key);
          assertThat(e.isRetryable()).isFalse();
        });
    assertThat(readAll(key)).isEqualTo(first);
  }

  @Test
  public void createIfAbsentAfterDeleteCreatesAgain() throws Exception {
    BlobKey key = key("recreated");
    backend.put(key, BlobContent.of(randomBytes(10)), PutMode.CREATE_IF_ABSENT);
    backend.delete(key);
    byte[] second = randomBytes(20);

    backend.put(key, BlobContent.of(second), PutMode.CREATE_IF_ABSENT);

    assertThat(readAll(key)).isEqualTo(second);
  }

  @Test
  public void racingCreateIfAbsentHasExactlyOneWinner() throws Exception {
    assumeTrue(backend.capabilities().atomicCreateIfAbsent(), "backend declares no atomic create-if-absent");
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      for (int round = 0; round < 3; round++) {
        BlobKey key = key("race-" + round);
        List<byte[]> contents = IntStream.range(0, writers).mapToObj(i -> randomBytes(2048 + i)).toList();
        CyclicBarrier start = new CyclicBarrier(writers);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
          byte[] content = contents.get(i);
          outcomes.add(pool.submit(() -> {
            start.await();
            try {
              backend.put(key, BlobContent.of(content), PutMode.CREATE_IF_ABSENT);
              return true;
            } catch (StorageException.AlreadyExists lost) {
              return false;
            }
          }));
        }
        List<Integer> winners = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
          if (outcomes.get(i).get()) {
            winners.add(i);
          }
        }
        assertThat(winners).as("winners of round %d", round).hasSize(1);
        assertThat(readAll(key)).isEqualTo(contents.get(winners.get(0)));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  public void failingContentLeavesNoBlob() throws Exception {
    BlobKey key = key("never-written");
    BlobContent failing = failingAfter(randomBytes(200_000), 100_000);

    // the error names the content's failure, not a storage or network one it might be mistaken for
    assertThatThrownBy(() -> backend.put(key, failing, PutMode.CREATE_OR_REPLACE))
        .isInstanceOf(StorageException.class).hasMessageContaining("source read failed");

    assertThat(backend.stat(key)).isEmpty();
    assertThat(listedKeys(prefix)).isEmpty();
  }

  @Test
  public void failingContentKeepsPreviousBlob() throws Exception {
    BlobKey key = key("kept");
    byte[] first = randomBytes(1000);
    backend.put(key, BlobContent.of(first), PutMode.CREATE_OR_REPLACE);

    assertThatThrownBy(() -> backend.put(key, failingAfter(randomBytes(200_000), 100_000),
        PutMode.CREATE_OR_REPLACE)).isInstanceOf(StorageException.class).hasMessageContaining("source read failed");

    assertThat(readAll(key)).isEqualTo(first);
    assertThat(listedKeys(prefix)).containsExactly(key.value());
  }

  // ---------------------------------------------------------------- not found, stat, delete

  @Test
  public void openOfMissingKeyThrowsNotFound() {
    BlobKey key = key("missing");
    assertThatThrownBy(() -> backend.open(key).close())
        .isInstanceOfSatisfying(StorageException.NotFound.class, e -> {
          assertThat(e.key()).isEqualTo(key);
          assertThat(e.isRetryable()).isFalse();
        });
  }

  @Test
  public void rangedOpenOfMissingKeyThrowsNotFound() {
    assertThatThrownBy(() -> backend.open(key("missing"), ByteRange.of(10, 10)).close())
        .isInstanceOf(StorageException.NotFound.class);
  }

  @Test
  public void statOfMissingKeyIsEmpty() throws Exception {
    assertThat(backend.stat(key("missing"))).isEmpty();
  }

  @Test
  public void statReportsKeyAndSize() throws Exception {
    BlobKey key = key("sized");
    backend.put(key, BlobContent.of(randomBytes(12_345)), PutMode.CREATE_OR_REPLACE);

    Optional<BlobInfo> info = backend.stat(key);

    assertThat(info).hasValueSatisfying(i -> {
      assertThat(i.key()).isEqualTo(key);
      assertThat(i.sizeBytes()).isEqualTo(12_345L);
      assertThat(i.lastModified()).isNotNull();
    });
  }

  @Test
  public void prefixOfExistingKeysIsNotABlob() throws Exception {
    BlobKey inner = key("dir/inner");
    backend.put(inner, BlobContent.of(randomBytes(10)), PutMode.CREATE_OR_REPLACE);
    BlobKey dir = key("dir");

    assertThat(backend.stat(dir)).isEmpty();
    assertThatThrownBy(() -> backend.open(dir).close()).isInstanceOf(StorageException.NotFound.class);
    backend.delete(dir);
    assertThat(backend.stat(inner)).isPresent();
  }

  @Test
  public void deleteRemovesBlob() throws Exception {
    BlobKey key = key("deleted");
    backend.put(key, BlobContent.of(randomBytes(10)), PutMode.CREATE_OR_REPLACE);

    backend.delete(key);

    assertThat(backend.stat(key)).isEmpty();
    assertThatThrownBy(() -> backend.open(key).close()).isInstanceOf(StorageException.NotFound.class);
    assertThat(listedKeys(prefix)).isEmpty();
  }

  @Test
  public void deleteIsIdempotent() throws Exception {
    BlobKey key = key("deleted-twice");
    backend.put(key, BlobContent.of(randomBytes(10)), PutMode.CREATE_OR_REPLACE);

    backend.delete(key);
    backend.delete(key);
    backend.delete(key("never-existed"));

    assertThat(backend.stat(key)).isEmpty();
  }

  @Test
  public void deleteLeavesNeighboursAlone() throws Exception {
    backend.put(key("a/b"), BlobContent.of(randomBytes(1)), PutMode.CREATE_OR_REPLACE);
    backend.put(key("a/bc"), BlobContent.of(randomBytes(1)), PutMode.CREATE_OR_REPLACE);
    backend.put(key("a/b-d/e"), BlobContent.of(randomBytes(1)), PutMode.CREATE_OR_REPLACE);

    backend.delete(key("a/b"));

    assertThat(listedKeys(prefix)).containsExactly(prefix + "a/b-d/e", prefix + "a/bc");
  }

  // ---------------------------------------------------------------- list

  @Test
  public void listReturnsKeysWithPrefixInKeyOrder() throws Exception {
    // '-' < '.' < '/' < '0' < 'A' < '_' < 'a': a walk that visits a directory before its same-named siblings gets
    // "a/b/c" and "a/b-d" in the wrong order
    List<String> names = List.of("a/b0", "a/b/c", "a/bc", "a/b-d", "a/b.e", "a/b_f", "a/bA", "a/b/c-x/d", "a/c",
        "ab", "a/b/cd", "a-b");
    for (String name : names) {
      backend.put(key(name), BlobContent.of(randomBytes(name.length())), PutMode.CREATE_IF_ABSENT);
    }

    assertThat(listedKeys(prefix)).containsExactlyElementsOf(sorted(names));
    assertThat(listedKeys(prefix + "a/b")).containsExactlyElementsOf(
        sorted(names.stream().filter(n -> n.startsWith("a/b")).toList()));
    assertThat(listedKeys(prefix + "a/b/")).containsExactly(prefix + "a/b/c", prefix + "a/b/c-x/d",
        prefix + "a/b/cd");
    assertThat(listedKeys(prefix + "a/b/c-")).containsExactly(prefix + "a/b/c-x/d");
    assertThat(listedKeys(prefix + "a")).containsExactlyElementsOf(sorted(names));
  }

  @Test
  public void listIncludesKeyThatIsAlsoAPrefixOfOtherKeys() throws Exception {
    List<String> names = List.of("a/b/c", "a/b", "a/bc");
    for (String name : names) {
      backend.put(key(name), BlobContent.of(randomBytes(3)), PutMode.CREATE_IF_ABSENT);
    }

    assertThat(listedKeys(prefix)).containsExactly(prefix + "a/b", prefix + "a/b/c", prefix + "a/bc");
  }

  @Test
  public void listReportsSizes() throws Exception {
    backend.put(key("one"), BlobContent.of(randomBytes(1)), PutMode.CREATE_OR_REPLACE);
    backend.put(key("three"), BlobContent.of(randomBytes(3)), PutMode.CREATE_OR_REPLACE);
    backend.put(key("zero"), BlobContent.of(new byte[0]), PutMode.CREATE_OR_REPLACE);

    List<BlobInfo> listed;
    try (Stream<BlobInfo> stream = backend.list(prefix)) {
      listed = stream.toList();
    }

    assertThat(listed).extracting(i -> i.key().value(), BlobInfo::sizeBytes).containsExactly(
        org.assertj.core.groups.Tuple.tuple(prefix + "one", 1L),
        org.assertj.core.groups.Tuple.tuple(prefix + "three", 3L),
        org.assertj.core.groups.Tuple.tuple(prefix + "zero", 0L));
    assertThat(listed).allSatisfy(i -> assertThat(i.lastModified()).isNotNull());
  }

  @Test
  public void listOfPrefixWithoutKeysIsEmpty() throws Exception {
    backend.put(key("present/x"), BlobContent.of(randomBytes(1)), PutMode.CREATE_OR_REPLACE);

    assertThat(listedKeys(prefix + "absent")).isEmpty();
    assertThat(listedKeys(prefix + "absent/")).isEmpty();
    assertThat(listedKeys(prefix + "present/x/")).isEmpty();
    assertThat(listedKeys(prefix + "present/y")).isEmpty();
  }

  @Test
  public void listPagesThroughMoreThanOnePage() throws Exception {
    int count = listPageTestKeyCount();
    List<String> names = IntStream.range(0, count).mapToObj(i -> String.format("k-%05d", i)).toList();
    runConcurrently(4, names.size(), i ->
        backend.put(key(names.get(i)), BlobContent.of(new byte[] {(byte) i}), PutMode.CREATE_OR_REPLACE));

    List<String> listed = listedKeys(prefix);

    assertThat(listed).hasSize(count);
    assertThat(listed).containsExactlyElementsOf(sorted(names));
    // a prefix that starts inside the key set: the listing must not stop after the first page
    assertThat(listedKeys(prefix + "k-000")).hasSize(Math.min(count, 100));
  }

  @Test
  public void listStreamCanBeClosedEarly() throws Exception {
    for (int i = 0; i < 5; i++) {
      backend.put(key("early-" + i), BlobContent.of(randomBytes(1)), PutMode.CREATE_OR_REPLACE);
    }
    try (Stream<BlobInfo> stream = backend.list(prefix)) {
      assertThat(stream.findFirst()).map(i -> i.key().value()).contains(prefix + "early-0");
    }
  }

  // ---------------------------------------------------------------- ranged reads

  @Test
  public void rangedReadsReturnTheRequestedBytes() throws Exception {
    byte[] bytes = randomBytes(1000);
    BlobKey key = key("ranged");
    backend.put(key, BlobContent.of(bytes), PutMode.CREATE_OR_REPLACE);

    assertThat(read(key, ByteRange.of(0, 10))).as("start").isEqualTo(slice(bytes, 0, 10));
    assertThat(read(key, ByteRange.of(100, 50))).as("middle").isEqualTo(slice(bytes, 100, 50));
    assertThat(read(key, ByteRange.of(999, 1))).as("last byte").isEqualTo(slice(bytes, 999, 1));
    assertThat(read(key, ByteRange.from(900))).as("to end").isEqualTo(slice(bytes, 900, 100));
    assertThat(read(key, ByteRange.from(0))).as("from zero").isEqualTo(bytes);
    assertThat(read(key, ByteRange.ALL)).as("all").isEqualTo(bytes);
    assertThat(read(key, ByteRange.of(950, 200))).as("length past end").isEqualTo(slice(bytes, 950, 50));
    assertThat(read(key, ByteRange.of(0, 5000))).as("longer than blob").isEqualTo(bytes);
  }

  @Test
  public void rangedReadAtOrPastEndIsEmpty() throws Exception {
    BlobKey key = key("ranged-end");
    backend.put(key, BlobContent.of(randomBytes(1000)), PutMode.CREATE_OR_REPLACE);

    assertThat(read(key, ByteRange.from(1000))).as("offset == size").isEmpty();
    assertThat(read(key, ByteRange.of(1000, 10))).as("offset == size, bounded").isEmpty();
    assertThat(read(key, ByteRange.from(5000))).as("offset > size").isEmpty();
    assertThat(read(key, ByteRange.of(5000, 10))).as("offset > size, bounded").isEmpty();
  }

  @Test
  public void zeroLengthRangeIsEmpty() throws Exception {
    BlobKey key = key("ranged-zero");
    backend.put(key, BlobContent.of(randomBytes(100)), PutMode.CREATE_OR_REPLACE);

    assertThat(read(key, ByteRange.of(10, 0))).isEmpty();
  }

  @Test
  public void rangedReadsOfEmptyBlobAreEmpty() throws Exception {
    BlobKey key = key("ranged-empty");
    backend.put(key, BlobContent.of(new byte[0]), PutMode.CREATE_OR_REPLACE);

    assertThat(read(key, ByteRange.ALL)).isEmpty();
    assertThat(read(key, ByteRange.of(0, 10))).isEmpty();
    assertThat(read(key, ByteRange.from(3))).isEmpty();
  }

  @Test
  public void rangedReadOfLargeBlobCrossesBufferBoundaries() throws Exception {
    byte[] bytes = randomBytes(MIB + 17);
    BlobKey key = key("ranged-large");
    backend.put(key, BlobContent.of(bytes), PutMode.CREATE_OR_REPLACE);

    assertThat(read(key, ByteRange.of(MIB - 3, 10))).isEqualTo(slice(bytes, MIB - 3, 10));
    assertThat(sha256(read(key, ByteRange.from(12_345))))
        .isEqualTo(sha256(slice(bytes, 12_345, bytes.length - 12_345)));
  }

  // ---------------------------------------------------------------- concurrency

  @Test
  public void concurrentPutsAndOpensOfDifferentKeysAreIndependent() throws Exception {
    int threads = 6;
    int perThread = 15;
    byte[][] contents = new byte[threads * perThread][];
    for (int i = 0; i < contents.length; i++) {
      contents[i] = randomBytes(1000 + i * 37);
    }
    runConcurrently(threads, contents.length, i -> {
      BlobKey key = key("concurrent/" + i);
      backend.put(key, BlobContent.of(contents[i]), PutMode.CREATE_IF_ABSENT);
      assertThat(readAll(key)).isEqualTo(contents[i]);
    });

    runConcurrently(threads, contents.length, i ->
        assertThat(readAll(key("concurrent/" + i))).isEqualTo(contents[i]));
    assertThat(listedKeys(prefix + "concurrent/")).hasSize(contents.length);
  }

  @Test
  public void blobCanBeOpenedManyTimesAndConcurrently() throws Exception {
    byte[] bytes = randomBytes(200_000);
    BlobKey key = key("shared");
    backend.put(key, BlobContent.of(bytes), PutMode.CREATE_OR_REPLACE);

    try (InputStream first = backend.open(key); InputStream second = backend.open(key)) {
      assertThat(first.readNBytes(1000)).isEqualTo(slice(bytes, 0, 1000));
      assertThat(second.readAllBytes()).isEqualTo(bytes);
      assertThat(first.readAllBytes()).isEqualTo(slice(bytes, 1000, bytes.length - 1000));
    }
    runConcurrently(4, 12, i -> assertThat(readAll(key)).isEqualTo(bytes));
  }

  // ---------------------------------------------------------------- helpers for subclasses and tests

  /** Puts {@code size} random bytes, reads them back and compares length and SHA-256 (and, if small, bytes). */
  protected final void assertRoundTrip(BlobKey key, int size) throws Exception {
    byte[] bytes = randomBytes(size);

    backend.put(key, BlobContent.of(bytes), PutMode.CREATE_IF_ABSENT);

    byte[] read = readAll(key);
    assertThat(read.length).as("length of %s", key).isEqualTo(size);
    assertThat(sha256(read)).as("SHA-256 of %s", key).isEqualTo(sha256(bytes));
    assertThat(backend.stat(key)).map(BlobInfo::sizeBytes).contains((long) size);
  }

  /** Random bytes from this test's seeded generator. */
  protected final byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return bytes;
  }

  /** The whole blob. */
  protected final byte[] readAll(BlobKey key) throws IOException {
    return read(key, ByteRange.ALL);
  }

  /** A range of the blob. */
  protected final byte[] read(BlobKey key, ByteRange range) throws IOException {
    try (InputStream in = backend.open(key, range)) {
      return in.readAllBytes();
    }
  }

  /** Key values under {@code keyPrefix}, in listing order. */
  protected final List<String> listedKeys(String keyPrefix) throws IOException {
    try (Stream<BlobInfo> stream = backend.list(keyPrefix)) {
      return stream.map(i -> i.key().value()).collect(Collectors.toList());
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private List<String> sorted(List<String> names) {
    return names.stream().map(n -> prefix + n).sorted().toList();
  }

  private static byte[] slice(byte[] bytes, int offset, int length) {
    return java.util.Arrays.copyOfRange(bytes, offset, offset + length);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Content that delivers {@code failAfter} bytes of {@code bytes}, then fails, on every open. */
  private static BlobContent failingAfter(byte[] bytes, int failAfter) {
    BlobContent whole = BlobContent.of(bytes);
    return new BlobContent() {
      @Override
      public long length() {
        return bytes.length;
      }

      @Override
      public InputStream open(long offset, long length) throws IOException {
        InputStream in = whole.open(offset, length);
        AtomicInteger position = new AtomicInteger((int) offset);
        return new java.io.FilterInputStream(in) {
          @Override
          public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
          }

          @Override
          public int read(byte[] buffer, int off, int len) throws IOException {
            int allowed = failAfter - position.get();
            if (allowed <= 0 && len > 0) {
              throw new IOException("source read failed (injected by the contract test)");
            }
            int n = super.read(buffer, off, Math.min(len, Math.max(allowed, 0)));
            if (n > 0) {
              position.addAndGet(n);
            }
            return n;
          }

          @Override
          public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            position.addAndGet((int) skipped);
            return skipped;
          }

          @Override
          public int available() {
            return 0;
          }
        };
      }
    };
  }

  /** An action on an index that may throw. */
  @FunctionalInterface
  protected interface IndexedAction {
    void run(int index) throws Exception;
  }

  /** Runs {@code action(0..count-1)} on {@code threads} threads and rethrows the first failure. */
  protected static void runConcurrently(int threads, int count, IndexedAction action) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        Callable<Void> task = () -> {
          action.run(index);
          return null;
        };
        futures.add(pool.submit(task));
      }
      for (Future<Void> future : futures) {
        try {
          future.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Exception cause) {
            throw cause;
          }
          if (e.getCause() instanceof Error error) {
            throw error;
          }
          throw e;
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
