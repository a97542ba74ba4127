package dev.pouch.agent.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.index.ChunkIndex;
import dev.pouch.agent.pack.PackSpool;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.storage.StorageException;
import dev.pouch.storage.StorageOperation;
import dev.pouch.storage.fault.Failure;
import dev.pouch.storage.fault.Fault;
import dev.pouch.storage.fault.FaultInjectingStorageBackend;
import dev.pouch.storage.fault.When;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkPipelineTest {

  /** 40 chunks of 64-320 KiB; every fifth repeats the first, so 32 are distinct. */
  private static List<byte[]> chunks() {
    Random random = new Random(5);
    List<byte[]> chunks = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      if (i > 0 && i % 5 == 0) {
        chunks.add(chunks.get(0).clone());
        continue;
      }
      byte[] chunk = new byte[64 * 1024 + random.nextInt(256 * 1024)];
      random.nextBytes(chunk);
      chunks.add(chunk);
    }
    return chunks;
  }

  private static List<String> submitAll(ChunkPipeline pipeline, List<byte[]> chunks) throws Exception {
    List<CompletableFuture<ChunkId>> submitted = new ArrayList<>();
    for (byte[] chunk : chunks) {
      submitted.add(pipeline.submit(chunk));
    }
    return ChunkPipeline.ids(submitted);
  }

  @TempDir
  Path spoolDirectory;

  /** Files of the spool directory this process still has open (their names are gone at once). */
  private long openSpoolFiles() throws IOException {
    Path fds = Path.of("/proc/self/fd");
    Assumptions.assumeTrue(Files.isDirectory(fds), "needs /proc to see open files");
    long open = 0;
    try (Stream<Path> list = Files.list(fds)) {
      for (Path fd : (Iterable<Path>) list::iterator) {
        try {
          open += Files.readSymbolicLink(fd).toString().startsWith(spoolDirectory.toString()) ? 1 : 0;
        } catch (IOException e) {
          // closed while listing
        }
      }
    }
    return open;
  }

  @Test
  void chunksHashedByWorkersKeepTheirOrderAndDuplicatesAreStoredOnce() throws Exception {
    Repository repo = TestRepositories.init(MemoryStorageBackend.create());
    List<byte[]> chunks = chunks();
    List<String> expected = new ArrayList<>();
    for (byte[] chunk : chunks) {
      expected.add(ChunkId.of(repo.contentIdKey().id(chunk)).hex());
    }
    Set<String> distinct = new LinkedHashSet<>(expected);
    long distinctBytes = 0;
    for (int i = 0; i < chunks.size(); i++) {
      distinctBytes += expected.indexOf(expected.get(i)) == i ? chunks.get(i).length : 0;
    }
    ChunkIndex index = new ChunkIndex();
    try (ChunkPipeline pipeline = new ChunkPipeline(repo, index, 3, new PackSpool(spoolDirectory))) {
      assertThat(submitAll(pipeline, chunks)).containsExactlyElementsOf(expected);
      try (Stream<Path> names = Files.list(spoolDirectory)) {
        assertThat(names).as("spool files have no names").isEmpty();
      }
      ChunkPipeline.Result result = pipeline.finish();
      assertThat(result.chunksNew()).isEqualTo(distinct.size());
      assertThat(result.bytesAdded()).isEqualTo(distinctBytes);
      assertThat(result.packs()).hasSizeGreaterThan(1); // the test repository's packs hold 1 MiB
      assertThat(openSpoolFiles()).as("uploaded packs' spool files are closed").isZero();
    }
    for (String id : distinct) {
      assertThat(index.contains(ChunkId.parse(id))).isTrue();
    }
    try (ChunkPipeline again = new ChunkPipeline(repo, index, 2)) {
      assertThat(submitAll(again, chunks)).containsExactlyElementsOf(expected);
      assertThat(again.finish().chunksNew()).isZero();
    }
  }

  @Test
  void aFailedUploadFailsThePipeline() throws Exception {
    MemoryStorageBackend memory = MemoryStorageBackend.create();
    TestRepositories.init(memory);
    FaultInjectingStorageBackend failing = FaultInjectingStorageBackend.builder(memory)
        .failFirst(StorageOperation.PUT, 1000, Failure.ACCESS_DENIED).build();
    Repository repo = TestRepositories.open(failing);
    try (ChunkPipeline pipeline = new ChunkPipeline(repo, new ChunkIndex(), 2, new PackSpool(spoolDirectory))) {
      assertThatThrownBy(() -> {
        submitAll(pipeline, chunks());
        pipeline.finish();
      }).isInstanceOf(StorageException.AccessDenied.class);
    }
    assertThat(openSpoolFiles()).as("a failed backup leaves no spool file open").isZero();
  }

  @Test
  void closeWaitsForAnUploadThatDoesNotStopAtTheInterrupt() throws Exception {
    MemoryStorageBackend memory = MemoryStorageBackend.create();
    TestRepositories.init(memory);
    AtomicBoolean uploading = new AtomicBoolean();
    CountDownLatch started = new CountDownLatch(1);
    FaultInjectingStorageBackend slow = FaultInjectingStorageBackend.builder(memory).sleeper(d -> {
      uploading.set(true);
      started.countDown();
      long end = System.nanoTime() + d.toNanos();
      while (System.nanoTime() < end) {
        LockSupport.parkNanos(end - System.nanoTime()); // an interrupt wakes it, and it sleeps on
      }
      uploading.set(false);
    }).build();
    Repository repo = TestRepositories.open(slow);
    slow.inject(When.every(StorageOperation.PUT).forKeys(k -> k.value().startsWith(RepositoryLayout.DATA)),
        new Fault.Delay(Duration.ofMillis(500)));
    ChunkPipeline pipeline = new ChunkPipeline(repo, new ChunkIndex(), 2, new PackSpool(spoolDirectory));
    for (byte[] chunk : chunks()) {
      pipeline.submit(chunk);
    }
    assertThat(started.await(10, TimeUnit.SECONDS)).as("a full pack is being uploaded").isTrue();

    pipeline.close(); // as when the backup failed elsewhere

    assertThat(uploading).as("no upload goes on after close").isFalse();
  }
}
