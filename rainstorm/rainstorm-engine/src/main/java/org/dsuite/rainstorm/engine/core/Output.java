package org.dsuite.rainstorm.engine.core;

import java.util.Objects;

/**
 * A tuple produced by a task, bound for task {@code toTask} of the next stage. The destination is
 * decided once, when the tuple is produced, and logged with it, so a resend after a crash goes to
 * the same downstream task, which is the one that can recognise it as a duplicate.
 *
 * @param contentFromLine -1 for a normal output. A source task logs its outputs without their key
 *     and value ({@link #contentless}): the content is that of source line {@code contentFromLine},
 *     which the restarted source reads again anyway, so the log need not hold a second copy of the
 *     input file. Such an output has empty key and value until the core refills it.
 */
public record Output(DataTuple tuple, int toTask, long contentFromLine) {
  public Output {
    Objects.requireNonNull(tuple, "tuple");
    if (toTask < 0) {
      throw new IllegalArgumentException("toTask must be >= 0: " + toTask);
    }
    if (contentFromLine < -1) {
      throw new IllegalArgumentException("contentFromLine must be >= -1: " + contentFromLine);
    }
  }

  public Output(DataTuple tuple, int toTask) {
    this(tuple, toTask, -1);
  }

  /** The logged form of an output whose content is source line {@code line}'s. */
  public static Output contentless(TupleId id, int toTask, long line) {
    if (line < 0) {
      throw new IllegalArgumentException("line must be >= 0: " + line);
    }
    return new Output(new DataTuple(id, "", ""), toTask, line);
  }

  public boolean hasContent() {
    return contentFromLine < 0;
  }

  public TupleId id() {
    return tuple.id();
  }
}
