package org.dsuite.rainstorm.api.state;

/**
 * The state of one keyed task: byte values by string key. The engine supplies the implementation
 * (normally {@link InMemoryStateStore}), records its changes per input in the task's log and
 * snapshots it; an operator only reads and writes it. Values are copied in and out, so an operator
 * cannot change stored state behind the store's back.
 */
public interface StateStore {
  /** The value of {@code key}, or null if absent. */
  byte[] get(String key);

  void put(String key, byte[] value);

  void remove(String key);

  /** The value of {@code key} as a long ({@link StateCodec#encodeLong}), or {@code absent}. */
  default long getLong(String key, long absent) {
    byte[] b = get(key);
    return b == null ? absent : StateCodec.decodeLong(b);
  }

  default void putLong(String key, long value) {
    put(key, StateCodec.encodeLong(value));
  }
}
