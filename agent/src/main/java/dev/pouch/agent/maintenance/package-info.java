/**
 * Maintenance: {@code prune} (delete data no snapshot uses, repack partly used packs, re-encrypt old key epochs)
 * and index repair. Both run under an exclusive lock, so no backup (which holds a shared lock) can add references
 * meanwhile. Both change the repository in an order that leaves it readable if interrupted at any point: new packs,
 * then a new index covering everything kept, then (after an audit record) old index objects, and packs last.
 */
package dev.pouch.agent.maintenance;
