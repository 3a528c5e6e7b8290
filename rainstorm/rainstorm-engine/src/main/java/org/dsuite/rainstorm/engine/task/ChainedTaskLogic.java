package org.dsuite.rainstorm.engine.task;

import java.util.List;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.TaskLogic;

/**
 * Several stateless operators run as one task's logic (operator chaining, {@link StagePlan}): each
 * output of one is the next one's input, with the input's ID and source stamp, and the last one's
 * outputs are the task's. Deterministic when its parts are, so a replayed source line yields the
 * same outputs, as exactly-once needs. A malformed input in any part skips the whole input once.
 */
public final class ChainedTaskLogic implements TaskLogic, AutoCloseable {
  private final List<TaskLogic> parts;

  /**
   * @param parts the operators in order; at least one
   */
  public ChainedTaskLogic(List<TaskLogic> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("a chain needs at least one operator");
    }
    this.parts = List.copyOf(parts);
  }

  @Override
  public void process(DataTuple input, TaskState state, Emitter out) {
    run(0, input, state, out);
  }

  private void run(int part, DataTuple input, TaskState state, Emitter out) {
    if (part == parts.size() - 1) {
      parts.get(part).process(input, state, out);
      return;
    }
    parts
        .get(part)
        .process(
            input,
            state,
            (k, v) ->
                run(part + 1, new DataTuple(input.id(), k, v, input.stampMicros()), state, out));
  }

  @Override
  public void close() throws Exception {
    Exception first = null;
    for (TaskLogic p : parts) {
      if (p instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          first = first == null ? e : first;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
