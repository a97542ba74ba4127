/** Chunk compression (zstd), with a cheap probe that stores incompressible chunks as they are. */
package dev.pouch.agent.compression;
