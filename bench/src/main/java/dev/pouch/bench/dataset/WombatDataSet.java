package dev.pouch.bench.dataset;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a Wombat-shaped data directory: {@code <n>.sst} tables with disjoint sorted key ranges, {@code vlog_<n>.dat}
 * value logs of large values, preallocated {@code wal_<n>.log} files (the last one partly filled, its tail zero as
 * Wombat leaves it), an NDJSON {@code MANIFEST} naming every table, and a {@code config} file. The record content is
 * about 2x compressible with zstd. Deterministic for a {@link DataSetSpec}.
 *
 * <p>SSTables are written with wombat-format's {@code SstWriter} (uncompressed blocks); the other files follow
 * wombat-format.md byte for byte. {@link SimulatedDataSet} is the alternative built on the Wombat simulator.
 */
public final class WombatDataSet {

  /** Keys of table {@code id} start at {@code id * KEY_RANGE}; records are 10 apart so a compaction can insert. */
  static final long KEY_RANGE = 1_000_000_000L;
  static final long KEY_STEP = 10;
  static final String KEY_PREFIX = "k";
  /** A WAL record header: key_len u32, value_len u32, timestamp u64, meta u8. */
  static final int WAL_HEADER_BYTES = 17;

  private WombatDataSet() {}

  /** What was written. */
  public record Generated(Path dir, int tables, int valueLogs, int wals, long bytes) {}

  public static Generated generate(Path dir, DataSetSpec spec) throws IOException {
    Files.createDirectories(dir);
    long sstBudget = (long) (spec.totalBytes() * spec.mix().sstShare());
    long vlogBudget = (long) (spec.totalBytes() * spec.mix().vlogShare());
    long walBudget = spec.totalBytes() - sstBudget - vlogBudget;
    long sequence = 1;
    StringBuilder manifest = new StringBuilder();
    int tables = 0;
    for (long written = 0; written < sstBudget; written += spec.sstBytes()) {
      tables++;
      int size = (int) Math.min(spec.sstBytes(), sstBudget - written);
      List<SstRecord> records = tableRecords(new RecordGenerator(spec.seed() * 31 + tables), tables, size, sequence);
      sequence += records.size();
      SstFile.write(dir.resolve(tables + ".sst"), records, 1, false);
      manifest.append(manifestLine("add_table", 1, tables, size, records.size()));
    }
    Files.writeString(dir.resolve("MANIFEST"), manifest, StandardCharsets.UTF_8);
    int valueLogs = 0;
    for (long written = 0; written < vlogBudget; written += spec.vlogBytes()) {
      valueLogs++;
      writeValueLog(dir.resolve("vlog_" + valueLogs + ".dat"), Math.min(spec.vlogBytes(), vlogBudget - written),
          new RecordGenerator(spec.seed() * 37 + valueLogs));
    }
    int wals = 0;
    for (long written = 0; written < walBudget; written += spec.walBytes()) {
      wals++;
      long filled = Math.min(spec.walBytes(), walBudget - written);
      // Every WAL but the newest is full; the newest is 40% used, the rest is the zeroed preallocation.
      long used = written + spec.walBytes() >= walBudget ? filled * 2 / 5 : filled;
      sequence = writeWal(dir.resolve("wal_" + wals + ".log"), used, filled,
          new RecordGenerator(spec.seed() * 41 + wals), sequence);
    }
    Files.writeString(dir.resolve("config"), "{\"dir\":\"/var/lib/wombat\",\"mem_table_size\":" + spec.walBytes()
        + ",\"value_log_file_size\":" + spec.vlogBytes() + ",\"compression\":\"none\",\"value_threshold\":4096}\n",
        StandardCharsets.UTF_8);
    return new Generated(dir, tables, valueLogs, wals, directoryBytes(dir));
  }

  /**
   * {@code bytes} of data set content in memory for micro-benchmarks: SSTable entries and value-log payloads in the
   * proportions of {@code mix}, encoded as in the files, so it compresses like the files do.
   */
  public static byte[] sample(int bytes, Mix mix, long seed) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes + (1 << 20));
    RecordGenerator gen = new RecordGenerator(seed);
    ByteBuffer header = ByteBuffer.allocate(WAL_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    long key = KEY_RANGE;
    // Chance per step of a value-log payload (about 36 KiB) rather than a table entry (about 400 B), so that the
    // bytes split as the mix says; WAL records are encoded like table entries.
    double share = mix.vlogShare();
    int perMillion = (int) (1e6 * share * 400 / (36 * 1024 * (1 - share) + share * 400));
    while (out.size() < bytes) {
      if (gen.nextInt(1_000_000) < perMillion) {
        out.writeBytes(gen.largeValue(8 * 1024 + gen.nextInt(56 * 1024)));
        continue;
      }
      byte[] k = RecordGenerator.key(KEY_PREFIX, key);
      byte[] v = gen.value();
      header.clear();
      header.putInt(k.length).putInt(v.length).putLong(key).put((byte) 0);
      out.writeBytes(header.array());
      out.writeBytes(k);
      out.writeBytes(v);
      key += KEY_STEP;
    }
    return java.util.Arrays.copyOf(out.toByteArray(), bytes);
  }

  /** Records of table {@code id} until they fill about {@code bytes}, keys in order. */
  static List<SstRecord> tableRecords(RecordGenerator gen, int id, int bytes, long firstSequence) {
    List<SstRecord> records = new ArrayList<>();
    int budget = bytes - SstFile.FOOTER_BYTES - bytes / 50; // leave room for the bloom filter and indexes
    long keyNumber = id * KEY_RANGE;
    long sequence = firstSequence;
    for (int used = 0; ; ) {
      SstRecord r = new SstRecord(RecordGenerator.key(KEY_PREFIX, keyNumber), sequence++, 0, gen.value());
      if (used + r.encodedBytes() > budget) {
        return records;
      }
      records.add(r);
      used += r.encodedBytes();
      keyNumber += KEY_STEP;
    }
  }

  static String manifestLine(String type, int level, int id, long size, long keys) {
    return "{\"type\":\"" + type + "\",\"level\":" + level + ",\"table_info\":{\"id\":" + id + ",\"path\":\"table_"
        + id + ".sst\",\"level\":" + level + ",\"smallest_key\":\"\",\"largest_key\":\"\",\"size\":" + size
        + ",\"key_count\":" + keys + ",\"created_at\":1752900000000,\"checksum\":0},\"timestamp\":1752900000}\n";
  }

  /** Value log records: {@code payload_len u32 | FNV-1a-64 of payload u64 | payload}, payloads of 8-64 KiB. */
  private static void writeValueLog(Path file, long bytes, RecordGenerator gen) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      long written = 0;
      while (written < bytes) {
        byte[] payload = gen.largeValue(8 * 1024 + gen.nextInt(56 * 1024));
        int length = (int) Math.min(payload.length, bytes - written - 12);
        if (length <= 0) {
          break;
        }
        header.clear();
        header.putInt(length).putLong(fnv1a64(payload, length));
        out.write(header.array());
        out.write(payload, 0, length);
        written += 12 + length;
      }
    }
  }

  /** WAL records ({@code key_len u32 | value_len u32 | ts u64 | meta u8 | key | value}) then zeros up to size. */
  private static long writeWal(Path file, long used, long size, RecordGenerator gen, long firstSequence)
      throws IOException {
    long sequence = firstSequence;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      ByteBuffer header = ByteBuffer.allocate(WAL_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      long written = 0;
      while (true) {
        byte[] key = RecordGenerator.key("w", gen.nextInt(1_000_000_000));
        byte[] value = gen.value();
        long next = written + WAL_HEADER_BYTES + key.length + value.length;
        if (next > used) {
          break;
        }
        header.clear();
        header.putInt(key.length).putInt(value.length).putLong(sequence++).put((byte) 0);
        out.write(header.array());
        out.write(key);
        out.write(value);
        written = next;
      }
      byte[] zeros = new byte[1 << 20];
      while (written < size) {
        int n = (int) Math.min(zeros.length, size - written);
        out.write(zeros, 0, n);
        written += n;
      }
    }
    return sequence;
  }

  static long fnv1a64(byte[] data, int length) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < length; i++) {
      hash ^= data[i] & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  /** Sum of the sizes of the regular files under {@code dir}. */
  public static long directoryBytes(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).sum();
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  static void appendManifest(Path dir, String lines) throws IOException {
    Files.writeString(dir.resolve("MANIFEST"), lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }
}
