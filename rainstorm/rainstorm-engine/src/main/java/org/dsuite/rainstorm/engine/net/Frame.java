package org.dsuite.rainstorm.engine.net;

import java.util.List;
import java.util.Objects;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.TupleId;

/** What travels between workers: tuple batches one way, acks the other, credits back. */
public sealed interface Frame permits Frame.Batch, Frame.Acks {

  /** Tuples from task {@code from} for task {@code to} (one frame, one credit). */
  record Batch(TaskAddress to, int fromTask, List<DataTuple> tuples) implements Frame {
    public Batch {
      Objects.requireNonNull(to, "to");
      tuples = List.copyOf(tuples);
    }
  }

  /** Task {@code fromTask} durably processed these inputs it got from task {@code to}. */
  record Acks(TaskAddress to, int fromTask, List<TupleId> ids) implements Frame {
    public Acks {
      Objects.requireNonNull(to, "to");
      ids = List.copyOf(ids);
    }
  }
}
