package dev.pouch.agent.index;

import dev.pouch.agent.pack.PackEntry;
import dev.pouch.agent.repository.PackId;

/** Where a chunk is stored: its pack, the pack's key epoch, and its entry in that pack. */
public record ChunkLocation(PackId pack, int epoch, PackEntry entry) {}
