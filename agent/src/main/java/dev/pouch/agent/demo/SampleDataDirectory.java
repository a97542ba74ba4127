package dev.pouch.agent.demo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * A small Wombat-shaped data directory for the demo: a MANIFEST, a few SSTables, a WAL, a value log and a config
 * file, with compressible, partly repetitive content like real key/value data. Deterministic for a seed.
 */
public final class SampleDataDirectory {

  private final SplittableRandom random;

  public SampleDataDirectory(long seed) {
    this.random = new SplittableRandom(seed);
  }

  public void create(Path dir, int tables, int tableBytes) throws IOException {
    Files.createDirectories(dir);
    StringBuilder manifest = new StringBuilder();
    for (int i = 1; i <= tables; i++) {
      Files.write(dir.resolve(i + ".sst"), records(tableBytes, "table" + i));
      manifest.append("{\"type\":\"add_table\",\"level\":0,\"table_info\":{\"id\":").append(i)
          .append(",\"path\":\"table_").append(i).append(".sst\",\"level\":0,\"smallest_key\":\"\",")
          .append("\"largest_key\":\"\",\"size\":").append(tableBytes).append(",\"key_count\":0,")
          .append("\"created_at\":1752900000000,\"checksum\":0},\"timestamp\":1752900000}\n");
    }
    Files.writeString(dir.resolve("MANIFEST"), manifest, StandardCharsets.UTF_8);
    Files.write(dir.resolve("wal_1.log"), records(tableBytes / 4, "wal"));
    Files.write(dir.resolve("vlog_1.dat"), records(tableBytes * 2, "vlog"));
    Files.writeString(dir.resolve("config.json"),
        "{\"dir\":\"/var/lib/wombat\",\"mem_table_size\":67108864,\"compression\":\"zlib\"}\n");
  }

  /** Appends to the WAL and adds one SSTable, as a running database would between two backups. */
  public void change(Path dir, int tableBytes) throws IOException {
    Files.write(dir.resolve("wal_1.log"), records(tableBytes / 8, "wal-more"), StandardOpenOption.APPEND);
    long next;
    try (var s = Files.list(dir)) {
      next = s.filter(p -> p.getFileName().toString().endsWith(".sst")).count() + 1;
    }
    Files.write(dir.resolve(next + ".sst"), records(tableBytes, "table" + next));
    Files.writeString(dir.resolve("MANIFEST"), "{\"type\":\"add_table\",\"level\":0,\"table_info\":{\"id\":" + next
        + ",\"path\":\"table_" + next + ".sst\",\"level\":0,\"smallest_key\":\"\",\"largest_key\":\"\",\"size\":"
        + tableBytes + ",\"key_count\":0,\"created_at\":1752900000000,\"checksum\":0},\"timestamp\":1752900000}\n",
        StandardOpenOption.APPEND);
  }

  private byte[] records(int bytes, String prefix) {
    ByteBuffer out = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    String[] words = {"user", "order", "session", "cart", "price", "status", "shipped", "pending", "eu-west",
        "us-east", "premium", "basic"};
    long n = 0;
    while (out.remaining() > 64) {
      byte[] key = (prefix + ":" + String.format("%012d", n++)).getBytes(StandardCharsets.UTF_8);
      StringBuilder v = new StringBuilder();
      int fields = 2 + random.nextInt(6);
      for (int f = 0; f < fields; f++) {
        v.append(words[random.nextInt(words.length)]).append('=').append(random.nextInt(100_000)).append(';');
      }
      byte[] value = v.toString().getBytes(StandardCharsets.UTF_8);
      if (out.remaining() < 16 + key.length + value.length) {
        break;
      }
      out.putInt(key.length).putInt(value.length).putLong(n).put(key).put(value);
    }
    return out.array();
  }
}
