/**
 * Packs: many compressed and sealed chunks in one storage object (~16 MiB), with a sealed header listing them so
 * the index can be rebuilt from packs alone. A pack is named by the SHA-256 of its bytes and never overwritten.
 */
package dev.pouch.agent.pack;
