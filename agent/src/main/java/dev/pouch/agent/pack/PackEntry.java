package dev.pouch.agent.pack;

import dev.pouch.agent.chunking.ChunkId;

/**
 * One chunk inside a pack: where its sealed bytes sit, how long they are, the plaintext length and whether the
 * plaintext was zstd-compressed before sealing.
 */
public record PackEntry(ChunkId chunk, long offset, int storedLength, int rawLength, boolean compressed) {}
