package dev.pouch.bench.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListingOriginsTest {

  @Test
  void countsListingsPerPrefixAndPassesResultsThrough() throws Exception {
    ListingOrigins backend = new ListingOrigins(MemoryStorageBackend.create());
    backend.put(BlobKey.of("data/ab/1"), BlobContent.of(new byte[] {1}), PutMode.CREATE_IF_ABSENT);

    try (var s = backend.list("data/")) {
      assertThat(s.count()).isEqualTo(1);
    }
    backend.list("data/").close();
    backend.list("index/").close();

    assertThat(backend.countsByPrefix()).isEqualTo(Map.of("data/", 2L, "index/", 1L));
    assertThat(backend.listings()).extracting(ListingOrigins.Listing::origin).containsOnly("?");
    backend.reset();
    assertThat(backend.countsByPrefix()).isEmpty();
  }
}
