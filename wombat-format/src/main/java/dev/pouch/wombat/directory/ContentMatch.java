package dev.pouch.wombat.directory;

/**
 * One kind a file's content is consistent with.
 *
 * @param kind the kind
 * @param evidence how strongly
 */
public record ContentMatch(FileKind kind, Evidence evidence) {}
