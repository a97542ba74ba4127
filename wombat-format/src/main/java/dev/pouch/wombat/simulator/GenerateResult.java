package dev.pouch.wombat.simulator;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link WombatSimulator#generate} produced.
 *
 * @param dir the data directory
 * @param mix the data shape
 * @param bytesWritten bytes written to files (counting rewrites and files later deleted)
 * @param steps operations performed
 * @param files the files left in the directory
 * @param fileBytes their total size (sparse preallocated regions included)
 */
public record GenerateResult(Path dir, Mix mix, long bytesWritten, long steps, List<Path> files, long fileBytes) {

  /** Copies the list. */
  public GenerateResult {
    files = List.copyOf(files);
  }
}
