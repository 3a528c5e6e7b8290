package org.dsuite.rainstorm.api;

/**
 * A stream operator: processes one tuple at a time and emits zero or more tuples.
 *
 * <p>Contract, which the exactly-once machinery of the engine relies on:
 *
 * <ul>
 *   <li><b>Deterministic:</b> the same inputs in the same order produce the same outputs in the
 *       same order; no clocks, randomness or I/O in {@link #process}.
 *   <li><b>State only in the store:</b> a {@link KeyedOperator} keeps all state across inputs in
 *       {@link OperatorContext#state()}, which the engine logs and snapshots; a plain operator
 *       keeps none (caches derived from parameters are fine).
 *   <li><b>Malformed input</b> is reported by throwing {@link MalformedRecordException} before
 *       emitting anything; the engine counts it and moves on.
 * </ul>
 *
 * <p>Lifecycle: constructed (built-ins by {@code Operators.create(name, params)}; other classes
 * through a public no-argument constructor), then {@link #open} once with the parameters, schema
 * and state store, then {@link #process} per input on one thread, then {@link #close}.
 */
public interface Operator extends AutoCloseable {
  /**
   * Prepares the operator: reads and validates parameters, resolves columns against the schema.
   *
   * @throws OperatorException (or {@link ParamException}) with a message for the user
   */
  default void open(OperatorContext context) {}

  /** Processes one input, emitting outputs through {@code out}. */
  void process(Tuple input, Emitter out) throws MalformedRecordException;

  /** Releases resources; called once, also after a failed open. */
  @Override
  default void close() {}
}
