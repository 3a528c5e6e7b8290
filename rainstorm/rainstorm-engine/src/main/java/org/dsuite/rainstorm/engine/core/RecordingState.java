package org.dsuite.rainstorm.engine.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The state view an operator sees while processing one input: reads go through to the task's state,
 * writes are held aside and recorded, and reach the task's state only when the input is processed
 * successfully ({@link #commit()}), so an operator that throws half-way changes nothing. One
 * instance is reused for every input of a task ({@link #begin()}), so an input that touches no
 * state allocates nothing here.
 */
final class RecordingState implements TaskLogic.TaskState {
  private static final String REMOVED = new String("<removed>");

  private final Map<String, String> base;
  private final Map<String, String> overlay = new HashMap<>();
  private final List<StateChange> changes = new ArrayList<>();

  RecordingState(Map<String, String> base) {
    this.base = base;
  }

  @Override
  public String get(String key) {
    String v = overlay.get(key);
    if (v == REMOVED) {
      return null;
    }
    return v != null ? v : base.get(key);
  }

  @Override
  public void put(String key, String value) {
    if (key == null || value == null) {
      throw new IllegalArgumentException("state keys and values must not be null");
    }
    overlay.put(key, value);
    changes.add(new StateChange(key, value));
  }

  @Override
  public void remove(String key) {
    if (key == null) {
      throw new IllegalArgumentException("state keys must not be null");
    }
    overlay.put(key, REMOVED);
    changes.add(new StateChange(key, null));
  }

  /** Forgets the previous input's held changes. */
  void begin() {
    if (!changes.isEmpty()) {
      overlay.clear();
      changes.clear();
    }
  }

  /** Applies the held changes to the task's state and returns them in order (immutable). */
  List<StateChange> commit() {
    if (changes.isEmpty()) {
      return List.of();
    }
    applyAll(base, changes);
    List<StateChange> done = List.copyOf(changes);
    overlay.clear();
    changes.clear();
    return done;
  }

  static void applyAll(Map<String, String> state, List<StateChange> changes) {
    for (StateChange c : changes) {
      if (c.isRemoval()) {
        state.remove(c.key());
      } else {
        state.put(c.key(), c.value());
      }
    }
  }
}
