package dev.pouch.agent.source;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * Which source paths to leave out: glob patterns matched against the relative path and against the file name, so
 * {@code *.tmp} excludes a temporary file at any depth.
 */
public final class ExcludeRules {

  private final List<String> patterns;
  private final List<PathMatcher> matchers;

  public ExcludeRules(List<String> patterns) {
    this.patterns = List.copyOf(patterns);
    this.matchers = patterns.stream().map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p)).toList();
  }

  public static ExcludeRules none() {
    return new ExcludeRules(List.of());
  }

  public List<String> patterns() {
    return patterns;
  }

  public boolean excludes(String relativePath) {
    Path path = Path.of(relativePath);
    Path name = path.getFileName();
    for (PathMatcher m : matchers) {
      if (m.matches(path) || (name != null && m.matches(name))) {
        return true;
      }
    }
    return false;
  }
}
