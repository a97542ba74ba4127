package dev.pouch.it.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.paging.Page;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fake GCS server driven by Google's own client, for what the backend does not exercise: buckets, generations
 * and generation preconditions, and listings with a delimiter across pages. The fake is only useful if it fails
 * where GCS fails.
 */
@ExtendWith(TestServers.class)
class FakeGcsServerIT {

  private final FakeGcsServer server;
  private final Storage storage;

  FakeGcsServerIT(FakeGcsServer server) {
    this.server = server;
    this.storage = StorageOptions.http().setHost(server.host().toString()).setProjectId("test-project")
        .setCredentials(NoCredentials.getInstance()).build().getService();
  }

  @AfterEach
  void close() throws Exception {
    storage.close();
  }

  private Blob create(String bucket, String name, String content, Storage.BlobTargetOption... options) {
    return storage.create(BlobInfo.newBuilder(BlobId.of(bucket, name)).build(),
        content.getBytes(StandardCharsets.UTF_8), options);
  }

  @Test
  void bucketsAreCreatedFoundAndDeletedWhenEmpty() {
    String bucket = "it-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    storage.create(com.google.cloud.storage.BucketInfo.of(bucket));

    assertThat(storage.get(bucket)).isNotNull();
    create(bucket, "x", "1");
    assertThatThrownBy(() -> storage.delete(bucket))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    storage.delete(BlobId.of(bucket, "x"));
    assertThat(storage.delete(bucket)).isTrue();
    assertThat(storage.get(bucket)).isNull();
  }

  @Test
  void everyWriteIsANewGenerationAndStaleGenerationsFail() {
    String bucket = server.createBucket();
    Blob first = create(bucket, "obj", "one");
    Blob second = create(bucket, "obj", "two");

    assertThat(second.getGeneration()).isGreaterThan(first.getGeneration());
    assertThat(storage.get(BlobId.of(bucket, "obj")).getGeneration()).isEqualTo(second.getGeneration());
    assertThatThrownBy(() -> storage.create(BlobInfo.newBuilder(BlobId.of(bucket, "obj", first.getGeneration()))
        .build(), "three".getBytes(StandardCharsets.UTF_8), Storage.BlobTargetOption.generationMatch()))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(412));
    Blob third = storage.create(BlobInfo.newBuilder(BlobId.of(bucket, "obj", second.getGeneration())).build(),
        "three".getBytes(StandardCharsets.UTF_8), Storage.BlobTargetOption.generationMatch());
    assertThat(new String(storage.readAllBytes(BlobId.of(bucket, "obj")), StandardCharsets.UTF_8))
        .isEqualTo("three");
    assertThat(third.getSize()).isEqualTo(5);
    assertThat(third.getMd5()).isNotBlank();
    assertThat(third.getCrc32c()).isNotBlank();
  }

  @Test
  void conditionalDeleteOfAStaleGenerationFails() {
    String bucket = server.createBucket();
    Blob first = create(bucket, "obj", "one");
    create(bucket, "obj", "two");

    assertThatThrownBy(() -> storage.delete(BlobId.of(bucket, "obj"),
        Storage.BlobSourceOption.generationMatch(first.getGeneration())))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(412));
    assertThat(storage.delete(BlobId.of(bucket, "missing"))).isFalse();
  }

  @Test
  void delimiterListingGroupsCommonPrefixesAcrossPages() {
    String bucket = server.createBucket();
    for (String name : List.of("a/1", "a/b/2", "a/b/3", "a/c", "a/d/4", "a/e", "b/5")) {
      create(bucket, name, name);
    }
    List<String> objects = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    int pages = 0;
    Page<Blob> page = storage.list(bucket, Storage.BlobListOption.prefix("a/"),
        Storage.BlobListOption.currentDirectory(), Storage.BlobListOption.pageSize(2));
    while (page != null) {
      pages++;
      for (Blob blob : page.getValues()) {
        (blob.isDirectory() ? prefixes : objects).add(blob.getName());
      }
      page = page.hasNextPage() ? page.getNextPage() : null;
    }

    assertThat(objects).containsExactly("a/1", "a/c", "a/e");
    assertThat(prefixes).containsExactly("a/b/", "a/d/");
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void flatListingIsLexicographic() {
    String bucket = server.createBucket();
    for (String name : List.of("b", "a/b", "a-b", "a.b", "a0", "A")) {
      create(bucket, name, name);
    }
    List<String> names = new ArrayList<>();
    for (Blob blob : storage.list(bucket, Storage.BlobListOption.pageSize(4)).iterateAll()) {
      names.add(blob.getName());
    }

    assertThat(names).containsExactly("A", "a-b", "a.b", "a/b", "a0", "b");
  }
}
