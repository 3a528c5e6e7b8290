package org.dsuite.rainstorm.engine.task;

import org.dsuite.rainstorm.api.MalformedRecordException;
import org.dsuite.rainstorm.api.Operator;
import org.dsuite.rainstorm.api.OperatorContext;
import org.dsuite.rainstorm.api.Params;
import org.dsuite.rainstorm.api.Tuple;
import org.dsuite.rainstorm.api.csv.CsvSchema;
import org.dsuite.rainstorm.api.ops.Operators;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.TaskLogic;

/**
 * Runs a rainstorm-api {@link Operator} (built-in or a Java class) as one task's {@link TaskLogic}:
 * tuples in and out are converted, the operator's state store writes into the task's logged state,
 * and a {@link MalformedRecordException} becomes a counted, skipped input.
 */
public final class OperatorTaskLogic implements TaskLogic, AutoCloseable {
  private final Operator operator;
  private final TaskStateStore store = new TaskStateStore();
  private final Forward forward = new Forward();

  /**
   * The operator's {@link org.dsuite.rainstorm.api.Emitter}, reused for every input: it hands each
   * output's key and value on as they are, so an operator that emits {@code (key, value)} (as
   * {@code count-by} does) makes no {@link Tuple} for it, and no emitter is made per input.
   */
  private static final class Forward implements org.dsuite.rainstorm.api.Emitter {
    Emitter to;

    @Override
    public void emit(Tuple output) {
      to.emit(output.key(), output.value());
    }

    @Override
    public void emit(String key, String value) {
      to.emit(key, value);
    }
  }

  /**
   * Creates and opens the operator.
   *
   * @param stageParams the stage's parameters without their {@code opN.} prefix
   * @param inputSchema the schema of the lines this stage reads
   * @throws org.dsuite.rainstorm.api.OperatorException for an unknown operator or bad parameters
   */
  public OperatorTaskLogic(
      String operatorName,
      Params stageParams,
      String stageName,
      int taskIndex,
      int numTasks,
      CsvSchema inputSchema) {
    this.operator = Operators.create(operatorName, stageParams);
    try {
      operator.open(
          new OperatorContext(stageName, taskIndex, numTasks, stageParams, inputSchema, store));
    } catch (RuntimeException e) {
      operator.close();
      throw e;
    }
  }

  @Override
  public void process(DataTuple input, TaskState state, Emitter out) {
    store.bind(state);
    forward.to = out;
    try {
      operator.process(new Tuple(input.key(), input.value()), forward);
    } catch (MalformedRecordException e) {
      throw new SkippedInputException("malformed input " + input.key() + ": " + e.getMessage(), e);
    } finally {
      forward.to = null;
      store.bind(null);
    }
  }

  @Override
  public void close() {
    operator.close();
  }
}
