package org.dsuite.rainstorm.engine.core;

import java.util.List;
import java.util.Objects;

/**
 * What a task writes to its log. Records carry consecutive log sequence numbers (LSNs) from 1;
 * replaying them in order over the latest snapshot rebuilds the task exactly.
 */
public sealed interface LogRecord permits LogRecord.Processed, LogRecord.Acked {
  long lsn();

  /**
   * Input {@code input} (from upstream task {@code fromTask}, or -1 for a source line) was
   * processed: the state changes it caused and the outputs it produced, with their destinations.
   */
  record Processed(
      long lsn, TupleId input, int fromTask, List<StateChange> changes, List<Output> outputs)
      implements LogRecord {
    public Processed {
      Objects.requireNonNull(input, "input");
      changes = List.copyOf(changes);
      outputs = List.copyOf(outputs);
    }
  }

  /**
   * Downstream acknowledged these outputs, so they need no resend after a restart. For a sink,
   * {@code destOffset} is the length of the destination file holding exactly the acknowledged
   * outputs (the restart truncates the file there); -1 for other tasks.
   */
  record Acked(long lsn, List<TupleId> outputs, long destOffset) implements LogRecord {
    public Acked {
      outputs = List.copyOf(outputs);
      if (destOffset < -1) {
        throw new IllegalArgumentException("destOffset must be >= -1: " + destOffset);
      }
    }
  }
}
