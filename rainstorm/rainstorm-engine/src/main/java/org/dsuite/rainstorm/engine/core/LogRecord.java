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
   * A batch of inputs from upstream task {@code fromTask} (or -1 for source lines) was processed:
   * one record per batch, not per input, so a batch costs one frame, one checksum and one pending
   * entry in the core. {@code entries} are the new inputs of the batch in processing order
   * (duplicates and inputs deferred for being too far ahead are not in it).
   */
  record Processed(long lsn, int fromTask, List<Entry> entries) implements LogRecord {
    public Processed {
      entries = List.copyOf(entries);
      if (entries.isEmpty()) {
        throw new IllegalArgumentException("a processed record holds at least one input");
      }
    }

    /** Single-input convenience (tests). */
    public Processed(
        long lsn, TupleId input, int fromTask, List<StateChange> changes, List<Output> outputs) {
      this(lsn, fromTask, List.of(new Entry(input, changes, outputs)));
    }
  }

  /** One input of a {@link Processed} batch: the state changes it caused and its outputs. */
  record Entry(TupleId input, List<StateChange> changes, List<Output> outputs) {
    public Entry {
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
