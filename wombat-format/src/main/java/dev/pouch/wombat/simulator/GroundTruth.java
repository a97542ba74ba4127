package dev.pouch.wombat.simulator;

import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.state.KvState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The oracle: every WAL record the simulator wrote, and the state a reader must recover from any prefix of them.
 *
 * <p>The state follows §5 and is computed from the log, independently of any file parsing: within a lifetime the
 * highest timestamp wins and on a tie the earlier record wins; a later lifetime always wins. All-zero records (the
 * padding Wombat's recovery writes) are not logged: readers treat them as padding.
 *
 * <p>Thread-safe: the simulator appends while other threads query; a query sees every record appended before it.
 */
public final class GroundTruth {
  private final List<OpRecord> records = new ArrayList<>();
  private final List<WalSegmentInfo> segments = new ArrayList<>();

  synchronized void append(OpRecord record) {
    records.add(record);
  }

  synchronized void segmentCreated(WalSegmentInfo info) {
    segments.add(info);
  }

  synchronized void segmentUnlinked(WalSegmentId id, Instant at) {
    for (int i = 0; i < segments.size(); i++) {
      WalSegmentInfo s = segments.get(i);
      if (s.id().equals(id)) {
        segments.set(i, new WalSegmentInfo(s.id(), s.path(), s.createdAt(), Optional.of(at)));
      }
    }
  }

  synchronized long nextSequence() {
    return records.size();
  }

  /** A copy of the log. */
  public synchronized List<OpRecord> records() {
    return List.copyOf(records);
  }

  /** Every segment created so far. */
  public synchronized List<WalSegmentInfo> segments() {
    return List.copyOf(segments);
  }

  /** The state after every record logged so far. */
  public KvState currentState() {
    return state(r -> true);
  }

  /** The state after the records of operations that started at or before {@code time}. */
  public KvState stateAt(Instant time) {
    return state(r -> !r.time().isAfter(time));
  }

  /**
   * The state after the records that end at or before the cut of their segment; segments missing from {@code cuts}
   * contribute nothing. This is what a replay of segments captured up to those offsets must give.
   */
  public KvState stateAtWalCut(Map<WalSegmentId, Long> cuts) {
    return state(r -> {
      Long cut = cuts.get(r.segment());
      return cut != null && r.walEndAfter() <= cut;
    });
  }

  /** Each segment's end after the records of operations that started at or before {@code time}. */
  public synchronized Map<WalSegmentId, Long> walEndsAt(Instant time) {
    Map<WalSegmentId, Long> ends = new HashMap<>();
    for (WalSegmentInfo s : segments) {
      if (!s.createdAt().isAfter(time)) {
        ends.put(s.id(), 0L);
      }
    }
    for (OpRecord r : records) {
      if (!r.time().isAfter(time)) {
        ends.merge(r.segment(), r.walEndAfter(), Math::max);
      }
    }
    return ends;
  }

  /** Each segment's end after every record logged so far. */
  public Map<WalSegmentId, Long> walEnds() {
    return walEndsAt(Instant.MAX);
  }

  /**
   * The segment that had {@code fileName} and {@code inode} at {@code observedAt}: the latest one created at or
   * before that time with both.
   */
  public synchronized Optional<WalSegmentId> findSegment(String fileName, long inode, Instant observedAt) {
    WalSegmentInfo best = null;
    for (WalSegmentInfo s : segments) {
      if (s.id().fileName().equals(fileName) && s.id().inode() == inode && !s.createdAt().isAfter(observedAt)
          && (best == null || !s.createdAt().isBefore(best.createdAt()))) {
        best = s;
      }
    }
    return Optional.ofNullable(best).map(WalSegmentInfo::id);
  }

  private KvState state(Predicate<OpRecord> included) {
    List<OpRecord> snapshot;
    synchronized (this) {
      snapshot = new ArrayList<>(records);
    }
    Map<Bytes, OpRecord> winners = new HashMap<>();
    for (OpRecord r : snapshot) {
      if (!included.test(r)) {
        continue;
      }
      OpRecord current = winners.get(r.key());
      if (current == null || r.lifetime() > current.lifetime()
          || (r.lifetime() == current.lifetime() && Long.compareUnsigned(r.timestamp(), current.timestamp()) > 0)) {
        winners.put(r.key(), r);
      }
    }
    TreeMap<Bytes, Bytes> live = new TreeMap<>();
    winners.forEach((key, r) -> r.value().ifPresent(v -> live.put(key, v)));
    return KvState.of(live);
  }
}
