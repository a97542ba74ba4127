package dev.pouch.wombat.simulator;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.sst.SstEntry;
import dev.pouch.wombat.sst.SstReader;
import dev.pouch.wombat.sst.SstWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A running compaction ({@code LevelsController.compactLevel}): merges its input tables by key into one output
 * table at the next level, a few entries per step. Two inputs holding the same key make the builder fail with
 * {@code InvalidKeyOrder}; the output is then deleted, which is why Wombat's compactions usually fail.
 */
final class Compaction implements AutoCloseable {
  enum Outcome { RUNNING, SUCCEEDED, FAILED }

  final List<SimulatedSst> inputs;
  final SimulatedSst output;
  final SimFiles.SimFile file;
  private final SstWriter writer;
  private final List<FileChannel> channels = new ArrayList<>();
  private final PriorityQueue<Head> heap = new PriorityQueue<>((a, b) -> {
    int c = a.entry.key().compareTo(b.entry.key());
    return c != 0 ? c : Integer.compare(a.index, b.index);
  });

  private record Head(SstEntry entry, SstReader reader, int index) {}

  Compaction(List<SimulatedSst> inputs, SimulatedSst output, SimFiles.SimFile file, SstWriter writer)
      throws IOException {
    this.inputs = List.copyOf(inputs);
    this.output = output;
    this.file = file;
    this.writer = writer;
    for (int i = 0; i < inputs.size(); i++) {
      FileChannel channel = FileChannel.open(inputs.get(i).path(), StandardOpenOption.READ);
      channels.add(channel);
      SstReader reader = SstReader.open(ByteSource.of(channel, channel.size()));
      SstEntry first = reader.next();
      if (first != null) {
        heap.add(new Head(first, reader, i));
      }
    }
  }

  /** Adds up to {@code maxEntries} entries; finishes the table when the inputs are exhausted. */
  Outcome step(int maxEntries) throws IOException {
    for (int i = 0; i < maxEntries; i++) {
      Head head = heap.poll();
      if (head == null) {
        writer.finish();
        return Outcome.SUCCEEDED;
      }
      Bytes key = head.entry.key();
      if (!writer.accepts(key)) {
        return Outcome.FAILED;
      }
      writer.add(key, head.entry.value(), head.entry.timestamp());
      SstEntry next = head.reader.next();
      if (next != null) {
        heap.add(new Head(next, head.reader, head.index));
      }
    }
    return Outcome.RUNNING;
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (FileChannel c : channels) {
      try {
        c.close();
      } catch (IOException e) {
        failure = e;
      }
    }
    try {
      file.close();
    } catch (IOException e) {
      failure = e;
    }
    if (failure != null) {
      throw failure;
    }
  }
}
