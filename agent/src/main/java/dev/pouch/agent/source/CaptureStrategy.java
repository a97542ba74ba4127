package dev.pouch.agent.source;

import dev.pouch.agent.snapshot.FileEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * How a source directory is captured: which files and how much of each ({@link #plan}), and, after the bytes were
 * read, whether they form a consistent whole ({@link #confirm}), possibly asking for some files to be read again.
 * A plain directory is captured file by file; a live Wombat directory by its capture rules.
 */
public interface CaptureStrategy {

  /** A short name for reports: {@code plain}, {@code wombat}. */
  String name();

  /**
   * Decides what to capture.
   *
   * @param previous the parent snapshot's entries by path, for decisions that can reuse earlier work
   */
  CapturePlan plan(Path root, ExcludeRules excludes, Map<String, FileEntry> previous) throws IOException;

  /**
   * Decides what to capture, also given the parent snapshot's capture proof (null when there is none), which lets a
   * strategy skip re-checking what the parent already proved.
   */
  default CapturePlan plan(Path root, ExcludeRules excludes, Map<String, FileEntry> previous,
      com.fasterxml.jackson.databind.JsonNode previousProof) throws IOException {
    return plan(root, excludes, previous);
  }

  /**
   * A head start on the next {@link #plan} of {@code root} with {@code excludes}: the strategy may list and classify
   * the source now (nothing it does here needs the repository), while the caller opens the repository. The default
   * does nothing.
   */
  default void prepare(Path root, ExcludeRules excludes) {}

  /**
   * Lets the strategy see a planned file's bytes as the backup reads them, starting at {@code from}, so it can check
   * them without reading the file a second time. The default passes the stream through unchanged.
   */
  default java.io.InputStream observe(CapturePlan plan, SourceEntry entry, long from, java.io.InputStream in)
      throws IOException {
    return in;
  }

  /** Checks what was captured against the plan, after every file was read. */
  Confirmation confirm(CapturePlan plan, Map<String, CapturedFile> captured) throws IOException;
}
