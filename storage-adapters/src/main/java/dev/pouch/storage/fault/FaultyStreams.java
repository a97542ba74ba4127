package dev.pouch.storage.fault;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Applies the stream faults of one call: to a put's content, an opened stream, or a listing. */
final class FaultyStreams {

  private FaultyStreams() {}

  static BlobContent failingContent(BlobContent content, List<Fault> faults) {
    long failAt = Long.MAX_VALUE;
    for (Fault fault : faults) {
      if (fault instanceof Fault.FailUploadAfter after) {
        failAt = Math.min(failAt, after.bytes());
      }
    }
    if (failAt == Long.MAX_VALUE) {
      return content;
    }
    long failAfter = failAt;
    return new BlobContent() {
      @Override
      public long length() {
        return content.length();
      }

      @Override
      public InputStream open(long offset, long length) throws IOException {
        // the limit is counted from the content's first byte, whichever part is opened
        return new FaultyInputStream(content.open(offset, length), Long.MAX_VALUE, Math.max(0, failAfter - offset),
            List.of(), "injected: upload failed after " + failAfter + " bytes");
      }
    };
  }

  static Stream<BlobInfo> failingListing(Stream<BlobInfo> listed, List<Fault> faults, String backend) {
    long failAfter = Long.MAX_VALUE;
    for (Fault fault : faults) {
      if (fault instanceof Fault.FailListAfter after) {
        failAfter = Math.min(failAfter, after.entries());
      }
    }
    if (failAfter == Long.MAX_VALUE) {
      return listed;
    }
    long limit = failAfter;
    Iterator<BlobInfo> entries = listed.iterator();
    Iterator<BlobInfo> failing = new Iterator<>() {
      private long served;

      @Override
      public boolean hasNext() {
        if (served >= limit) {
          throw new UncheckedIOException(new StorageException.Transient("list", null, backend,
              "injected: listing failed after " + limit + " entries", null));
        }
        return entries.hasNext();
      }

      @Override
      public BlobInfo next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        served++;
        return entries.next();
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(failing,
        Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(listed::close);
  }

  static InputStream faultyStream(InputStream in, List<Fault> faults) {
    long endAt = Long.MAX_VALUE;
    long failAt = Long.MAX_VALUE;
    List<Long> flips = new ArrayList<>();
    for (Fault fault : faults) {
      switch (fault) {
        case Fault.TruncateRead truncate -> endAt = Math.min(endAt, truncate.keepBytes());
        case Fault.FailReadAfter after -> failAt = Math.min(failAt, after.bytes());
        case Fault.FlipBit flip -> flips.add(flip.offset());
        default -> { }
      }
    }
    if (endAt == Long.MAX_VALUE && failAt == Long.MAX_VALUE && flips.isEmpty()) {
      return in;
    }
    return new FaultyInputStream(in, endAt, failAt, flips, "injected: read failed after " + failAt + " bytes");
  }
}
