package dev.pouch.wombat.state;

import java.nio.file.Path;

/**
 * A finding of the restore check.
 *
 * @param severity how bad
 * @param file the file concerned
 * @param message what is wrong, with offsets and counts but never keys or values
 */
public record RestoreProblem(Severity severity, Path file, String message) {}
