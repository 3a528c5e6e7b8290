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
 *
 * <p>An input usually changes one key ({@code count-by}), so a read looks through the input's own
 * changes, newest first, before the task's state; only an input with more than {@link #SCAN_LIMIT}
 * changes gets a map of them, so a read stays constant-time however many keys one input writes.
 */
final class RecordingState implements TaskLogic.TaskState {
  /** Changes of one input searched by a scan; past this, by a map. */
  static final int SCAN_LIMIT = 8;

  private static final String REMOVED = new String("<removed>");

  private final Map<String, String> base;
  private final List<StateChange> changes = new ArrayList<>();
  private final Map<String, String> overlay = new HashMap<>(); // in use past SCAN_LIMIT changes

  RecordingState(Map<String, String> base) {
    this.base = base;
  }

  @Override
  public String get(String key) {
    int n = changes.size();
    if (n > SCAN_LIMIT) {
      String v = overlay.get(key);
      if (v != null) {
        return v == REMOVED ? null : v;
      }
    } else {
      for (int i = n - 1; i >= 0; i--) {
        StateChange c = changes.get(i);
        if (c.key().equals(key)) {
          return c.value(); // null for a removal
        }
      }
    }
    return base.get(key);
  }

  @Override
  public void put(String key, String value) {
    if (key == null || value == null) {
      throw new IllegalArgumentException("state keys and values must not be null");
    }
    record(new StateChange(key, value));
  }

  @Override
  public void remove(String key) {
    if (key == null) {
      throw new IllegalArgumentException("state keys must not be null");
    }
    record(new StateChange(key, null));
  }

  private void record(StateChange c) {
    changes.add(c);
    int n = changes.size();
    if (n == SCAN_LIMIT + 1) {
      for (StateChange earlier : changes) {
        overlay.put(earlier.key(), earlier.isRemoval() ? REMOVED : earlier.value());
      }
    } else if (n > SCAN_LIMIT + 1) {
      overlay.put(c.key(), c.isRemoval() ? REMOVED : c.value());
    }
  }

  /** Forgets the previous input's held changes. */
  void begin() {
    if (!changes.isEmpty()) {
      clear();
    }
  }

  /** Applies the held changes to the task's state and returns them in order (immutable). */
  List<StateChange> commit() {
    int n = changes.size();
    if (n == 0) {
      return List.of();
    }
    applyAll(base, changes);
    List<StateChange> done = n == 1 ? List.of(changes.get(0)) : List.copyOf(changes);
    clear();
    return done;
  }

  private void clear() {
    if (changes.size() > SCAN_LIMIT) {
      overlay.clear();
    }
    changes.clear();
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
