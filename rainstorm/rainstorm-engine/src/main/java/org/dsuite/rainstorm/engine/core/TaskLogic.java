package org.dsuite.rainstorm.engine.core;

/**
 * What a task computes for one input: reads and changes its keyed state and emits zero or more
 * {@code <key, value>} tuples. It must be deterministic (same input and state, same changes and
 * outputs in the same order): exactly-once replay depends on it. Engine adapters wrap the
 * rainstorm-api operators and external executables in this interface.
 */
@FunctionalInterface
public interface TaskLogic {
  void process(DataTuple input, TaskState state, Emitter out);

  /** Receives a task's outputs in order. */
  @FunctionalInterface
  interface Emitter {
    void emit(String key, String value);
  }

  /** A task's keyed state; changes are recorded in the task's log. */
  interface TaskState {
    /** The value of {@code key}, or null. */
    String get(String key);

    void put(String key, String value);

    void remove(String key);
  }

  /** Passes every input through unchanged (the sink stage and tests use it). */
  static TaskLogic identity() {
    return (in, state, out) -> out.emit(in.key(), in.value());
  }
}
