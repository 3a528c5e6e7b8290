package org.dsuite.rainstorm.engine.task;

import org.dsuite.rainstorm.api.KeyedOperator;
import org.dsuite.rainstorm.api.MalformedRecordException;
import org.dsuite.rainstorm.api.Operator;
import org.dsuite.rainstorm.api.OperatorContext;
import org.dsuite.rainstorm.api.Params;
import org.dsuite.rainstorm.api.Partitioning;
import org.dsuite.rainstorm.api.Tuple;
import org.dsuite.rainstorm.api.csv.CsvSchema;
import org.dsuite.rainstorm.api.ops.Operators;
import org.dsuite.rainstorm.api.state.InMemoryStateStore;
import org.dsuite.rainstorm.engine.core.Router;

/**
 * The router in front of a stage: by the downstream operator's partition key when that operator is
 * keyed (so all inputs of a key meet in the task that holds its state, by the API's one {@link
 * Partitioning} rule), evenly by tuple ID otherwise.
 */
public final class StageRouters {
  private StageRouters() {}

  /**
   * @param downstreamOperator the operator of the stage the outputs go to
   * @param stageParams its parameters, scoped
   * @param inputSchema the schema of the lines it reads
   */
  public static Router into(
      String downstreamOperator,
      Params stageParams,
      String stageName,
      int numTasks,
      CsvSchema inputSchema) {
    if (!Operators.isKeyed(downstreamOperator)) {
      return Router.byId(numTasks);
    }
    // A private instance, only for partitionKey: its (empty) store is never used.
    Operator op = Operators.create(downstreamOperator, stageParams);
    op.open(
        new OperatorContext(
            stageName, 0, numTasks, stageParams, inputSchema, new InMemoryStateStore()));
    if (!(op instanceof KeyedOperator keyed)) {
      op.close();
      throw new IllegalStateException(downstreamOperator + " is keyed but not a KeyedOperator");
    }
    return Router.byContent(
        t -> {
          try {
            return Partitioning.taskOf(keyed.partitionKey(new Tuple(t.key(), t.value())), numTasks);
          } catch (MalformedRecordException e) {
            throw new SkippedInputException(
                "no partition key in " + t.key() + ": " + e.getMessage(), e);
          }
        });
  }
}
