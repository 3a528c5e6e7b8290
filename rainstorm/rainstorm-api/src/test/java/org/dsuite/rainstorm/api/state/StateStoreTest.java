package org.dsuite.rainstorm.api.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateStoreTest {
  @Test
  void changesAreRecordedInOrderAndDrained() {
    InMemoryStateStore s = new InMemoryStateStore();
    s.putLong("a", 1);
    s.putLong("a", 2);
    s.remove("a");
    s.remove("never-there");
    assertThat(s.drainChanges())
        .containsExactly(
            new StateChange("a", StateCodec.encodeLong(1)),
            new StateChange("a", StateCodec.encodeLong(2)),
            new StateChange("a", null));
    assertThat(s.hasChanges()).isFalse();
  }

  @Test
  void replayingChangesOnASnapshotRebuildsTheState() throws IOException {
    InMemoryStateStore live = new InMemoryStateStore();
    live.putLong("x", 5);
    byte[] snapshot = StateCodec.encodeSnapshot(live.snapshot());
    live.drainChanges();
    live.putLong("x", 6);
    live.put("y", new byte[] {1, 2, 3});
    live.remove("x");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(log)) {
      for (StateChange c : live.drainChanges()) {
        StateCodec.writeChange(out, c);
      }
    }

    InMemoryStateStore recovered = new InMemoryStateStore();
    recovered.restore(StateCodec.decodeSnapshot(snapshot));
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(log.toByteArray()));
    for (int i = 0; i < 3; i++) {
      recovered.apply(StateCodec.readChange(in));
    }
    assertThat(recovered.hasChanges()).isFalse();
    assertThat(equal(recovered.snapshot(), live.snapshot())).isTrue();
    assertThat(recovered.get("x")).isNull();
  }

  @Test
  void storedValuesCannotBeChangedFromOutside() {
    InMemoryStateStore s = new InMemoryStateStore();
    byte[] v = {1};
    s.put("k", v);
    v[0] = 9;
    s.get("k")[0] = 9;
    assertThat(s.get("k")).containsExactly(1);
  }

  @Test
  void corruptSnapshotsAreRejected() {
    byte[] good = StateCodec.encodeSnapshot(Map.of("a", new byte[] {1}));
    assertThatThrownBy(() -> StateCodec.decodeSnapshot(Arrays.copyOf(good, good.length - 1)))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> StateCodec.decodeSnapshot(new byte[] {1, 2, 3, 4}))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> StateCodec.decodeLong(new byte[3]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void equalStatesHaveEqualSnapshotBytes() {
    InMemoryStateStore a = new InMemoryStateStore();
    InMemoryStateStore b = new InMemoryStateStore();
    for (String k : List.of("p", "q", "r")) {
      a.putLong(k, k.length());
    }
    for (String k : List.of("r", "q", "p")) {
      b.putLong(k, k.length());
    }
    assertThat(StateCodec.encodeSnapshot(a.snapshot()))
        .isEqualTo(StateCodec.encodeSnapshot(b.snapshot()));
    assertThat(StateCodec.decodeLong(StateCodec.encodeLong(-7))).isEqualTo(-7);
    assertThat(StateCodec.decodeLong(StateCodec.encodeLong(Long.MAX_VALUE)))
        .isEqualTo(Long.MAX_VALUE);
  }

  private static boolean equal(Map<String, byte[]> a, Map<String, byte[]> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    return a.keySet().stream().allMatch(k -> Arrays.equals(a.get(k), b.get(k)));
  }
}
