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

  /** {@link StateCodec#decodeLong} of the stored chars, without the copy {@link #get} makes. */
  @Override
  public long getLong(String key, long absent) {
    String v = state().get(key);
    return v == null ? absent : StateCodec.decodeLong(v);
  }

  /** {@link #put} of {@link StateCodec#encodeLong}, without the defensive copy of a fresh array. */
  @Override
  public void putLong(String key, long value) {
    state().put(key, new String(StateCodec.encodeLong(value), StandardCharsets.ISO_8859_1));
  }
}
