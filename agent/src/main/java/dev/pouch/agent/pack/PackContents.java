package dev.pouch.agent.pack;

import dev.pouch.agent.repository.PackId;
import java.util.List;

/** What one pack holds: its chunks and the key epoch they were sealed with. */
public record PackContents(PackId id, int epoch, List<PackEntry> entries) {
  public PackContents {
    entries = List.copyOf(entries);
  }

  /** Bytes of sealed chunks, i.e. where the sealed header starts. */
  public long dataBytes() {
    return entries.stream().mapToLong(PackEntry::storedLength).sum();
  }
}
