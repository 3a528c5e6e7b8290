package org.dsuite.rainstorm.engine.task;

import java.nio.charset.StandardCharsets;
import org.dsuite.rainstorm.api.state.StateCodec;
import org.dsuite.rainstorm.api.state.StateStore;
import org.dsuite.rainstorm.engine.core.TaskLogic;

/**
 * The rainstorm-api {@link StateStore} an operator sees, backed by the engine's per-input state
 * view, so every change the operator makes is recorded in the task's log. Values are bytes in the
 * API and strings in the engine's log; ISO-8859-1 maps each byte to one char and back, losslessly.
 */
final class TaskStateStore implements StateStore {
  private TaskLogic.TaskState current;

  /** Points the store at the state view of the input being processed (null between inputs). */
  void bind(TaskLogic.TaskState state) {
    this.current = state;
  }

  private TaskLogic.TaskState state() {
    if (current == null) {
      throw new IllegalStateException("state is only available while processing an input");
    }
    return current;
  }

  @Override
  public byte[] get(String key) {
    String v = state().get(key);
    return v == null ? null : v.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void put(String key, byte[] value) {
    state().put(key, new String(value.clone(), StandardCharsets.ISO_8859_1));
  }

  @Override
  public void remove(String key) {
    state().remove(key);
  }

  /**
   * {@link StateCodec#decodeLong} read straight from the stored chars (one per byte), without the
   * copy {@link #get} makes: {@code count-by} reads a count for every input.
   */
  @Override
  public long getLong(String key, long absent) {
    String v = state().get(key);
    if (v == null) {
      return absent;
    }
    if (v.length() != 8) {
      throw new IllegalArgumentException("a long state value has 8 bytes, got " + v.length());
    }
    long n = 0;
    for (int i = 0; i < 8; i++) {
      n = (n << 8) | (v.charAt(i) & 0xFF);
    }
    return n;
  }

  /** {@link #put} of {@link StateCodec#encodeLong}, without the defensive copy of a fresh array. */
  @Override
  public void putLong(String key, long value) {
    state().put(key, new String(StateCodec.encodeLong(value), StandardCharsets.ISO_8859_1));
  }
}
