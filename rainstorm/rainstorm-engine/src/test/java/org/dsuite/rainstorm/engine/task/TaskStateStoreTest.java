package org.dsuite.rainstorm.engine.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.dsuite.rainstorm.api.state.StateCodec;
import org.dsuite.rainstorm.engine.core.TaskLogic;
import org.junit.jupiter.api.Test;

/** The operator's store over the engine's string state: longs keep every bit, both ways. */
class TaskStateStoreTest {
  private final Map<String, String> backing = new HashMap<>();
  private final TaskStateStore store = new TaskStateStore();

  TaskStateStoreTest() {
    store.bind(
        new TaskLogic.TaskState() {
          @Override
          public String get(String key) {
            return backing.get(key);
          }

          @Override
          public void put(String key, String value) {
            backing.put(key, value);
          }

          @Override
          public void remove(String key) {
            backing.remove(key);
          }
        });
  }

  @Test
  void longsRoundTripAndAreStoredAsTheirCodecBytes() {
    long[] values = {
      0,
      1,
      127,
      128,
      255,
      256,
      -1,
      -128,
      0x80_00_00_00L,
      0x00_FF_80_7F_01_FE_00_81L,
      Long.MAX_VALUE,
      Long.MIN_VALUE,
      12_345_678_901L
    };
    for (long v : values) {
      store.putLong("count", v);
      assertThat(store.getLong("count", 42)).as("%x", v).isEqualTo(v);
      // The bytes an operator reads back, a snapshot holds and a recovery restores.
      assertThat(store.get("count")).as("%x", v).isEqualTo(StateCodec.encodeLong(v));
      store.put("raw", StateCodec.encodeLong(v));
      assertThat(store.getLong("raw", 42)).as("%x", v).isEqualTo(v);
    }
    assertThat(store.getLong("absent", 42)).isEqualTo(42);
  }

  @Test
  void aValueThatIsNotALongIsRefusedAsTheCodecRefusesIt() {
    store.put("short", new byte[] {1, 2, 3});
    assertThatThrownBy(() -> store.getLong("short", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("8 bytes");
  }
}
