package dev.pouch.bench.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Simulates a Wombat compaction: the oldest {@code fraction} of the SSTables are merged into new tables with new
 * numbers, most records unchanged, a few clustered runs updated, deleted or inserted (hot keys), then the inputs are
 * deleted and the MANIFEST records the change. The outputs are cut at the same target size as the inputs, so file
 * boundaries move: a backup tool only deduplicates them if it chunks by content.
 */
public final class Compaction {

  /** Clustered edits per input table, and records per cluster. */
  static final int HOT_SPOTS_PER_TABLE = 8;
  static final int RECORDS_PER_HOT_SPOT = 40;

  private Compaction() {}

  /** Table file names removed and added. */
  public record Result(List<String> removed, List<String> added, long bytesWritten) {}

  public static Result rewrite(Path dir, double fraction, long seed) throws IOException {
    if (fraction <= 0 || fraction > 1) {
      throw new IllegalArgumentException("compaction fraction must be in (0, 1], got " + fraction);
    }
    List<Integer> ids = tableIds(dir);
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("no SSTables in " + dir);
    }
    int count = (int) Math.ceil(ids.size() * fraction);
    List<Integer> inputs = ids.subList(0, count);
    int nextId = ids.get(ids.size() - 1) + 1;
    RecordGenerator gen = new RecordGenerator(seed);
    List<SstRecord> merged = new ArrayList<>();
    long rawBytes = 0;
    boolean zlib = false;
    int outputLevel = 1;
    java.util.Map<Integer, Long> levels = new java.util.HashMap<>();
    for (int id : inputs) {
      Path file = dir.resolve(id + ".sst");
      SstFile.Contents contents = SstFile.read(file);
      zlib |= contents.zlib();
      levels.put(id, contents.level());
      outputLevel = (int) Math.max(outputLevel, Math.min(6, contents.level() + 1));
      long sequence = contents.records().stream().mapToLong(SstRecord::sequence).max().orElse(0) + 1;
      List<SstRecord> edited = edit(contents.records(), gen, sequence);
      rawBytes += edited.stream().mapToLong(SstRecord::encodedBytes).sum();
      merged.addAll(edited);
    }
    merged.sort((a, b) -> java.util.Arrays.compareUnsigned(a.key(), b.key()));
    merged = withoutDuplicateKeys(merged);
    // Cut outputs so that there are as many as inputs (or one more), whatever the block compression.
    long perOutput = Math.max(1, rawBytes / inputs.size());
    List<String> removed = new ArrayList<>();
    List<String> added = new ArrayList<>();
    StringBuilder manifest = new StringBuilder();
    long written = 0;
    int from = 0;
    long budget = perOutput;
    while (from < merged.size()) {
      int to = from;
      long used = 0;
      while (to < merged.size() && used + merged.get(to).encodedBytes() <= budget) {
        used += merged.get(to++).encodedBytes();
      }
      to = Math.max(to, from + 1);
      int id = nextId++;
      Path out = dir.resolve(id + ".sst");
      SstFile.write(out, merged.subList(from, to), outputLevel, zlib);
      written += Files.size(out);
      added.add(out.getFileName().toString());
      manifest.append(WombatDataSet.manifestLine("add_table", outputLevel, id, Files.size(out), to - from));
      from = to;
    }
    for (int id : inputs) {
      Path file = dir.resolve(id + ".sst");
      manifest.append(WombatDataSet.manifestLine("delete_table", levels.get(id).intValue(), id, Files.size(file), 0));
      Files.delete(file);
      removed.add(file.getFileName().toString());
    }
    WombatDataSet.appendManifest(dir, manifest.toString());
    return new Result(removed, added, written);
  }

  /** One table's records with hot-spot edits: per record in a hot spot, update 2/4, delete 1/4, keep 1/4, and
   * insert a new key after it 1/4 of the time. */
  static List<SstRecord> edit(List<SstRecord> records, RecordGenerator gen, long firstSequence) {
    int[] action = new int[records.size()];
    for (int h = 0; h < HOT_SPOTS_PER_TABLE && records.size() > RECORDS_PER_HOT_SPOT; h++) {
      int start = gen.nextInt(records.size() - RECORDS_PER_HOT_SPOT);
      for (int i = start; i < start + RECORDS_PER_HOT_SPOT; i++) {
        action[i] = 1 + gen.nextInt(4);
      }
    }
    long sequence = firstSequence;
    List<SstRecord> out = new ArrayList<>(records.size() + 64);
    for (int i = 0; i < records.size(); i++) {
      SstRecord r = records.get(i);
      switch (action[i]) {
        case 1, 2 -> out.add(new SstRecord(r.key(), sequence++, 0, gen.value()));
        case 3 -> { } // deleted: a compaction drops the tombstoned key
        default -> out.add(r);
      }
      if (action[i] != 0 && gen.nextInt(4) == 0) {
        out.add(new SstRecord(insertedKey(r.key()), sequence++, 0, gen.value()));
      }
    }
    return out;
  }

  /** Keeps the newest entry of each key (two simulator tables may hold the same key). */
  private static List<SstRecord> withoutDuplicateKeys(List<SstRecord> sorted) {
    List<SstRecord> out = new ArrayList<>(sorted.size());
    for (SstRecord r : sorted) {
      SstRecord last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && java.util.Arrays.equals(last.key(), r.key())) {
        if (r.sequence() > last.sequence()) {
          out.set(out.size() - 1, r);
        }
      } else {
        out.add(r);
      }
    }
    return out;
  }

  /** A key that sorts right after {@code key} and before the next generated one (keys are 10 apart). */
  private static byte[] insertedKey(byte[] key) {
    byte[] k = java.util.Arrays.copyOf(key, key.length + 1);
    k[key.length] = '5';
    return k;
  }

  /** Number of SSTables ({@code <n>.sst}) in {@code dir}; {@link #rewrite} needs at least one. */
  public static int tableCount(Path dir) throws IOException {
    return tableIds(dir).size();
  }

  static List<Integer> tableIds(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9]+\\.sst"))
          .map(n -> Integer.parseInt(n.substring(0, n.length() - 4))).sorted(Comparator.naturalOrder()).toList();
    }
  }
}
