package dev.pouch.wombat.sst;

/**
 * A violated validation rule.
 *
 * @param check the rule
 * @param detail what was found (offsets and counts, never key content)
 */
public record SstProblem(SstCheck check, String detail) {}
