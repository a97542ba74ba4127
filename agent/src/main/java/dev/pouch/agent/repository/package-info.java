/**
 * The repository: layout of objects in the backend, the sealed-object envelope, config and keyring, passwords
 * (key files) and opening. Every byte read from a repository is authenticated here or by the pack reader before use.
 * Write order makes a crash safe: packs, then index, then snapshot; a snapshot is visible only once everything it
 * references is stored.
 */
package dev.pouch.agent.repository;
