package dev.pouch.wombat.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.vlog.ValueLogSet;
import dev.pouch.wombat.wal.WalMeta;
import dev.pouch.wombat.wal.WalRecord;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateTest {
  private static final Bytes K = Bytes.ofUtf8("k");

  private static WalRecord put(String value, long ts) {
    return WalRecord.put(K, Bytes.ofUtf8(value), ts);
  }

  private static Bytes valueAfter(WalReplay replay) throws Exception {
    return replay.state(ValueLogSet.empty()).get(K).orElse(null);
  }

  @Test
  void digestOfTheEmptyStateIsTheHashOfNothing() {
    assertThat(KvState.empty().digest().hex())
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void digestHasAKnownAnswerAndIgnoresInsertionOrder() {
    Map<Bytes, Bytes> forward = new LinkedHashMap<>();
    forward.put(Bytes.ofUtf8("a"), Bytes.ofUtf8("1"));
    forward.put(Bytes.ofUtf8("bb"), Bytes.empty());
    Map<Bytes, Bytes> backward = new HashMap<>();
    backward.put(Bytes.ofUtf8("bb"), Bytes.empty());
    backward.put(Bytes.ofUtf8("a"), Bytes.ofUtf8("1"));
    // SHA-256 of 01000000 61 01000000 31 02000000 6262 00000000
    assertThat(KvState.of(forward).digest().hex())
        .isEqualTo("575f417a2853f1c8becdab917ab2911cb4f226bb84e5ff8335a3d7cde3f12c11");
    assertThat(KvState.of(backward).digest()).isEqualTo(KvState.of(forward).digest());
    assertThat(KvState.of(Map.of(Bytes.ofUtf8("secret"), Bytes.ofUtf8("hidden"))).toString())
        .doesNotContain("secret").doesNotContain("hidden");
  }

  @Test
  void highestTimestampWinsWithinALifetime() throws Exception {
    WalReplay replay = new WalReplay();
    replay.apply(1, put("new", 5));
    replay.apply(1, put("old", 3));
    assertThat(valueAfter(replay)).isEqualTo(Bytes.ofUtf8("new"));
  }

  @Test
  void firstRecordWinsATie() throws Exception {
    WalReplay replay = new WalReplay();
    replay.apply(1, put("first", 0));
    replay.apply(1, put("second", 0));
    assertThat(valueAfter(replay)).isEqualTo(Bytes.ofUtf8("first"));
  }

  @Test
  void laterLifetimeWinsWhateverItsTimestamp() throws Exception {
    WalReplay replay = new WalReplay();
    replay.apply(1, put("old lifetime", 900));
    replay.apply(2, put("new lifetime", 1));
    replay.apply(1, put("late old record", 950));
    assertThat(valueAfter(replay)).isEqualTo(Bytes.ofUtf8("new lifetime"));
  }

  @Test
  void timestampsCompareUnsigned() throws Exception {
    WalReplay replay = new WalReplay();
    replay.apply(1, put("small", 1));
    replay.apply(1, put("huge", -1L));
    assertThat(valueAfter(replay)).isEqualTo(Bytes.ofUtf8("huge"));
  }

  @Test
  void deletesAreTombstonesAndEmptyValuesAreLive() throws Exception {
    WalReplay replay = new WalReplay();
    replay.apply(1, put("v", 1));
    replay.apply(1, WalRecord.delete(K, 2));
    Bytes other = Bytes.ofUtf8("other");
    replay.apply(1, WalRecord.put(other, Bytes.empty(), 3));
    Bytes third = Bytes.ofUtf8("third");
    replay.apply(1, WalRecord.put(third, Bytes.ofUtf8("x"), 0));
    replay.apply(1, new WalRecord(third, Bytes.empty(), 0, WalMeta.DELETED));
    KvState state = replay.state(ValueLogSet.empty());
    assertThat(state.get(K)).isEmpty();
    assertThat(state.get(other)).contains(Bytes.empty());
    assertThat(state.get(third)).contains(Bytes.ofUtf8("x"));
    assertThat(state.size()).isEqualTo(2);
  }
}
