/**
 * The chunk index: chunk id to (pack, offset, length). Stored as index objects written after the packs they
 * describe and before any snapshot that needs them; loaded whole into memory at the start of a command.
 */
package dev.pouch.agent.index;
