package org.dsuite.rainstorm.engine.core;

import java.util.List;
import java.util.Map;

/**
 * A task's complete durable state as of log record {@code lsn}: replaying the records after {@code
 * lsn} over it rebuilds the task. Snapshots bound recovery time: the log before {@code lsn} can be
 * deleted once the snapshot is durable.
 *
 * @param processed what the task has processed: a mark per input stream ({@link Dedupe})
 * @param lastSeq last sequence number given to an output, per downstream task
 * @param state the keyed operator state
 * @param unacked outputs not yet acknowledged downstream, in production order
 * @param destOffset for a sink, the destination length holding exactly the acked outputs; else -1
 */
public record Snapshot(
    long lsn,
    Map<Long, Dedupe.Mark> processed,
    Map<Integer, Long> lastSeq,
    Map<String, String> state,
    List<Output> unacked,
    long destOffset) {
  public Snapshot {
    if (lsn < 0) {
      throw new IllegalArgumentException("lsn must be >= 0: " + lsn);
    }
    processed = Map.copyOf(processed);
    lastSeq = Map.copyOf(lastSeq);
    state = Map.copyOf(state);
    unacked = List.copyOf(unacked);
  }

  /** The state of a task that has never run. */
  public static Snapshot empty() {
    return new Snapshot(0, Map.of(), Map.of(), Map.of(), List.of(), -1);
  }
}
