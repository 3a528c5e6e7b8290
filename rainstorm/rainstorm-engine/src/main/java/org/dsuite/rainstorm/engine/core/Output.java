package org.dsuite.rainstorm.engine.core;

import java.util.Objects;

/**
 * A tuple produced by a task, bound for task {@code toTask} of the next stage. The destination is
 * decided once, when the tuple is produced, and logged with it, so a resend after a crash goes to
 * the same downstream task, which is the one that can recognise it as a duplicate.
 */
public record Output(DataTuple tuple, int toTask) {
  public Output {
    Objects.requireNonNull(tuple, "tuple");
    if (toTask < 0) {
      throw new IllegalArgumentException("toTask must be >= 0: " + toTask);
    }
  }

  public TupleId id() {
    return tuple.id();
  }
}
