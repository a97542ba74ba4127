package dev.pouch.bench.harness;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One command to run: its arguments, extra environment (passwords travel here or in files, never as arguments) and
 * working directory.
 */
public record Invocation(List<String> command, Map<String, String> environment, Path workingDirectory) {

  public Invocation {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
  }
}
