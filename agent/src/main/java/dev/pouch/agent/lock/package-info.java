/**
 * Repository locks: shared for writers that only add (backup, copy), exclusive for those that delete (prune, key
 * rotation). Locks expire when not refreshed, so a killed process never blocks a repository for good.
 */
package dev.pouch.agent.lock;
