package dev.pouch.agent.pack;

import dev.pouch.agent.chunking.ChunkId;

/** A chunk after compression and encryption, ready to be appended to a pack. */
public record SealedChunk(ChunkId id, byte[] sealed, int rawLength, boolean compressed) {}
