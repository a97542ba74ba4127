/**
 * The audit trail: every command that deletes from a repository (forget, prune, index repair, key removal) first
 * writes a sealed record under {@code audit/} saying who (user, host, process), when, which command, and which
 * snapshots and objects it is about to delete, in deletion order. A deletion that fails part-way adds a second
 * record naming what was actually deleted. Audit records are never deleted by pouch.
 */
package dev.pouch.agent.audit;
