package dev.pouch.wombat.vlog;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.bytes.Bytes;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The value-log files a reader knows, by file id, each with the length that counts (a backup's captured length, or
 * the size at open). Resolves pointers against exactly those bytes.
 *
 * <p>Thread-safety: safe for concurrent {@link #check} and {@link #readValue} calls when built from file channels
 * (positional reads); {@link #close()} closes only channels this class opened.
 */
public final class ValueLogSet implements ValuePointerResolver, AutoCloseable {
  private final Map<Long, ByteSource> files;
  private final List<FileChannel> owned;

  private ValueLogSet(Map<Long, ByteSource> files, List<FileChannel> owned) {
    this.files = Map.copyOf(files);
    this.owned = owned;
  }

  /** A set over sources the caller owns. */
  public static ValueLogSet of(Map<Long, ByteSource> files) {
    return new ValueLogSet(files, List.of());
  }

  /** An empty set: every pointer is {@link PointerCheck#UNKNOWN_FILE}. */
  public static ValueLogSet empty() {
    return of(Map.of());
  }

  /**
   * Opens each file read-only and fixes its length at the size it has now.
   *
   * @param files value-log paths by file id
   */
  public static ValueLogSet open(Map<Long, Path> files) throws IOException {
    Map<Long, ByteSource> sources = new HashMap<>();
    List<FileChannel> channels = new ArrayList<>();
    try {
      for (Map.Entry<Long, Path> e : files.entrySet()) {
        FileChannel channel = FileChannel.open(e.getValue(), StandardOpenOption.READ);
        channels.add(channel);
        sources.put(e.getKey(), ByteSource.of(channel, channel.size()));
      }
    } catch (IOException e) {
      for (FileChannel c : channels) {
        try {
          c.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    return new ValueLogSet(sources, channels);
  }

  /**
   * The file id in a value-log file name: the last run of decimal digits ({@code vlog_12.dat} and {@code 12.vlog}
   * both give 12), or empty when the name has no digits or the number exceeds u32.
   */
  public static OptionalLong fileIdFromName(String fileName) {
    int end = -1;
    for (int i = fileName.length() - 1; i >= 0; i--) {
      if (fileName.charAt(i) >= '0' && fileName.charAt(i) <= '9') {
        end = i + 1;
        break;
      }
    }
    if (end < 0) {
      return OptionalLong.empty();
    }
    int start = end;
    while (start > 0 && fileName.charAt(start - 1) >= '0' && fileName.charAt(start - 1) <= '9') {
      start--;
    }
    if (end - start > 10) {
      return OptionalLong.empty();
    }
    long id = Long.parseLong(fileName.substring(start, end));
    return id > 0xFFFF_FFFFL ? OptionalLong.empty() : OptionalLong.of(id);
  }

  /** The known file ids and their lengths. */
  public Map<Long, Long> lengths() {
    Map<Long, Long> out = new HashMap<>();
    files.forEach((id, source) -> out.put(id, source.length()));
    return out;
  }

  @Override
  public PointerCheck check(ValuePointer pointer) throws IOException {
    ByteSource file = files.get(pointer.fileId());
    if (file == null) {
      return PointerCheck.UNKNOWN_FILE;
    }
    return VlogRecordCodec.check(file, pointer);
  }

  /**
   * The resolved value {@code pointer} names: checked, then inflated under the reader's rule.
   *
   * @throws UnresolvedPointerException if the pointer does not resolve
   */
  public Bytes readValue(ValuePointer pointer) throws IOException {
    PointerCheck check = check(pointer);
    if (!check.isValid()) {
      throw new UnresolvedPointerException(pointer, check);
    }
    return Bytes.wrap(ValueCompression.resolve(VlogRecordCodec.readPayload(files.get(pointer.fileId()), pointer)));
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (FileChannel c : owned) {
      try {
        c.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
