package dev.pouch.wombat.simulator;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.directory.FileKind;
import dev.pouch.wombat.directory.WombatDirectory;
import dev.pouch.wombat.directory.WombatFile;
import dev.pouch.wombat.state.ReplayResult;
import dev.pouch.wombat.state.ReplaySegment;
import dev.pouch.wombat.state.SegmentReplay;
import dev.pouch.wombat.vlog.ValueLogSet;
import dev.pouch.wombat.wal.ZeroHeaderPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test support: reads a simulator's WAL segments as an agent would (by path, or for Wombat's unlinked {@code wal_1}
 * through {@code /proc/self/fd}) and replays them through the reader side of this module.
 */
final class Segments {
  private Segments() {}

  /** The current bytes of {@code segment}, if still reachable. */
  static Optional<byte[]> read(WalSegmentInfo segment) throws IOException {
    Path path = segment.path();
    if (Files.exists(path) && inode(path) == segment.id().inode()) {
      return Optional.of(Files.readAllBytes(path));
    }
    Path fds = Path.of("/proc/self/fd");
    if (!Files.isDirectory(fds)) {
      return Optional.empty();
    }
    List<Path> links;
    try (var entries = Files.list(fds)) {
      links = entries.toList();
    }
    String deleted = path.toAbsolutePath() + " (deleted)";
    for (Path fd : links) {
      try {
        if (Files.readSymbolicLink(fd).toString().equals(deleted) && inode(fd) == segment.id().inode()) {
          return Optional.of(Files.readAllBytes(fd));
        }
      } catch (IOException e) {
        // The descriptor was closed while we looked (e.g. the listing's own); not ours.
      }
    }
    return Optional.empty();
  }

  static long inode(Path p) throws IOException {
    return ((Number) Files.getAttribute(p, "unix:ino")).longValue();
  }

  /** Every value-log file in {@code valueDir}, by id, as classified by content. */
  static ValueLogSet valueLogs(SimulatorConfig config) throws IOException {
    Map<Long, ByteSource> out = new HashMap<>();
    for (WombatFile f : WombatDirectory.withDefaultRules().classify(config.valueDir()).ofKind(FileKind.VLOG)) {
      out.put(ValueLogSet.fileIdFromName(f.fileName()).orElseThrow(), ByteSource.of(Files.readAllBytes(f.path())));
    }
    return ValueLogSet.of(out);
  }

  /**
   * Captures the bytes of the current lifetime's reachable segments now. Earlier lifetimes are skipped: their files
   * are gone, and a new file may have reused both a name and an inode number.
   */
  static Map<WalSegmentId, byte[]> capture(GroundTruth truth, int lifetime) throws IOException {
    Map<WalSegmentId, byte[]> out = new HashMap<>();
    for (WalSegmentInfo s : truth.segments()) {
      if (s.id().lifetime() == lifetime) {
        read(s).ifPresent(b -> out.put(s.id(), b));
      }
    }
    return out;
  }

  /** Replays {@code captured} segments up to {@code cuts}, in lifetime and WAL-number order. */
  static ReplayResult replay(Map<WalSegmentId, byte[]> captured, Map<WalSegmentId, Long> cuts,
      SimulatorConfig config) throws IOException {
    List<WalSegmentId> ids = new ArrayList<>(cuts.keySet());
    ids.sort((a, b) -> a.lifetime() != b.lifetime() ? Integer.compare(a.lifetime(), b.lifetime())
        : Long.compare(a.walNumber(), b.walNumber()));
    List<ReplaySegment> segments = new ArrayList<>();
    for (WalSegmentId id : ids) {
      byte[] bytes = captured.get(id);
      if (bytes == null) {
        throw new IllegalStateException("segment not captured: " + id);
      }
      ZeroHeaderPolicy policy = id.walNumber() == 1 && config.recovery() == RecoveryEmulation.FAITHFUL
          ? ZeroHeaderPolicy.SKIP_AS_PADDING : ZeroHeaderPolicy.END_OF_LOG;
      segments.add(new ReplaySegment(id.fileName(), id.lifetime(), ByteSource.of(bytes), cuts.get(id), policy));
    }
    return SegmentReplay.replay(segments, valueLogs(config));
  }
}
