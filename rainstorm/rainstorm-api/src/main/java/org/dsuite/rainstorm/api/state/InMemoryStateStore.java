package org.dsuite.rainstorm.api.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link StateStore} in a hash map that also records every change since the last {@link
 * #drainChanges()}, so the engine can log "the state changes this input made" next to its outputs.
 * Snapshots are sorted by key, so equal states give equal snapshot bytes. Not thread-safe: one
 * store per task, used by the task's thread.
 */
public final class InMemoryStateStore implements StateStore {
  private final Map<String, byte[]> values = new HashMap<>();
  private final boolean recordChanges;
  private final List<StateChange> changes = new ArrayList<>();

  /** A store that records changes. */
  public InMemoryStateStore() {
    this(true);
  }

  /** {@code recordChanges=false} for modes without a log (at-least-once). */
  public InMemoryStateStore(boolean recordChanges) {
    this.recordChanges = recordChanges;
  }

  @Override
  public byte[] get(String key) {
    byte[] v = values.get(key);
    return v == null ? null : v.clone();
  }

  @Override
  public void put(String key, byte[] value) {
    if (value == null) {
      throw new IllegalArgumentException("null value for key '" + key + "'; use remove");
    }
    store(key, value.clone());
  }

  // Values held in the map are never handed out or changed in place, so one array can be shared
  // between the map and the change record.
  private void store(String key, byte[] owned) {
    values.put(key, owned);
    if (recordChanges) {
      changes.add(StateChange.owning(key, owned));
    }
  }

  @Override
  public long getLong(String key, long absent) {
    byte[] v = values.get(key); // no copy: decoding only reads
    return v == null ? absent : StateCodec.decodeLong(v);
  }

  @Override
  public void putLong(String key, long value) {
    store(key, StateCodec.encodeLong(value));
  }

  @Override
  public void remove(String key) {
    if (values.remove(key) != null && recordChanges) {
      changes.add(new StateChange(key, null));
    }
  }

  /** The changes since the last call, oldest first; clears them. */
  public List<StateChange> drainChanges() {
    List<StateChange> out = List.copyOf(changes);
    changes.clear();
    return out;
  }

  /** Forgets recorded changes (e.g. those of an input whose outputs were discarded). */
  public void discardChanges() {
    changes.clear();
  }

  public boolean hasChanges() {
    return !changes.isEmpty();
  }

  /** Applies a logged change during recovery; it is not recorded again. */
  public void apply(StateChange change) {
    if (change.isRemoval()) {
      values.remove(change.key());
    } else {
      values.put(change.key(), change.valueUnsafe().clone());
    }
  }

  /** A copy of the whole state, sorted by key. */
  public Map<String, byte[]> snapshot() {
    Map<String, byte[]> out = new TreeMap<>();
    values.forEach((k, v) -> out.put(k, v.clone()));
    return out;
  }

  /** Replaces the whole state with a snapshot and forgets recorded changes. */
  public void restore(Map<String, byte[]> snapshot) {
    values.clear();
    changes.clear();
    snapshot.forEach((k, v) -> values.put(k, v.clone()));
  }

  /** Number of keys. */
  public int size() {
    return values.size();
  }
}
