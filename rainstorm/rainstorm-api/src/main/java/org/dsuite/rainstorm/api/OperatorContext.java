package org.dsuite.rainstorm.api;

import java.util.Objects;
import org.dsuite.rainstorm.api.csv.CsvSchema;
import org.dsuite.rainstorm.api.state.InMemoryStateStore;
import org.dsuite.rainstorm.api.state.StateStore;

/**
 * What an operator learns at {@link Operator#open}: its stage's parameters (already scoped, so
 * {@code op1.pattern} is {@code pattern}), the source's schema (from the header line), which task
 * of how many it is, and the task's state store.
 */
public record OperatorContext(
    String stageName,
    int taskIndex,
    int numTasks,
    Params params,
    CsvSchema schema,
    StateStore state) {
  public OperatorContext {
    Objects.requireNonNull(stageName, "stageName");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(state, "state");
    if (numTasks < 1 || taskIndex < 0 || taskIndex >= numTasks) {
      throw new IllegalArgumentException(
          "task " + taskIndex + " of " + numTasks + " is not a valid task index");
    }
  }

  /** One task with a fresh in-memory store: for tests, tools and single-threaded runs. */
  public static OperatorContext standalone(Params params, CsvSchema schema) {
    return new OperatorContext("op", 0, 1, params, schema, new InMemoryStateStore());
  }
}
