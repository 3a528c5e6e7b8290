package org.dsuite.rainstorm.api;

/**
 * An operator with state per key (e.g. a running count per category). The engine routes each input
 * to the task that owns {@link #partitionKey(Tuple)} (by {@link Partitioning#taskOf}), so all
 * inputs of a key meet in one task, and gives that task a {@link
 * org.dsuite.rainstorm.api.state.StateStore} through {@link OperatorContext#state()}. Everything
 * the operator remembers between inputs lives in that store: the engine records the store's changes
 * together with the outputs of each input, and snapshots and restores the store to recover a task.
 */
public interface KeyedOperator extends Operator {
  /**
   * The key whose state {@code input} touches; called by the upstream task to route the input.
   *
   * @throws MalformedRecordException if the key cannot be extracted (the input is then skipped)
   */
  String partitionKey(Tuple input) throws MalformedRecordException;
}
