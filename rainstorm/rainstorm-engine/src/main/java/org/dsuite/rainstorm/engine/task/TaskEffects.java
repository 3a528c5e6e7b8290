package org.dsuite.rainstorm.engine.task;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import org.dsuite.rainstorm.engine.core.Actions;
import org.dsuite.rainstorm.engine.core.LogRecord;
import org.dsuite.rainstorm.engine.core.TaskCore;
import org.dsuite.rainstorm.engine.log.TaskLogConfig;
import org.dsuite.rainstorm.engine.log.TaskLogWriter;

/**
 * Carries out what a {@link TaskCore} asks for, on the task's thread: log records go to the {@link
 * TaskLogWriter} (with a snapshot when {@link TaskLogConfig#snapshotDue} says so: every {@link
 * TaskLogConfig#snapshotEveryRecords()} inputs, at most about once per {@link
 * TaskLogConfig#snapshotMinIntervalMs()} at full speed), released outputs to the destination (a
 * sink) or the data plane, acks upstream. In at-least-once mode there is no log: appends count as
 * durable when the task next calls {@link #releaseUnlogged} (once per loop turn, so a turn's
 * batches go out together, as a group commit would release them).
 */
final class TaskEffects {
  private final TaskCore core;
  private final TaskLogWriter writer; // null in at-least-once mode
  private final TaskLogConfig logConfig;
  private final TaskSends sends;
  private long unloggedUpTo; // at-least-once: last lsn handed out, not yet released
  private SinkWriter sink;
  private long inputsSinceSnapshot;
  private long lastSnapshotMs = Long.MIN_VALUE; // none yet: the first is due by count alone
  private boolean snapshotWriting; // requested, its end not yet seen

  // Sink: (lsn of an Acked record, destination length it logs), confirmed once that lsn is durable.
  private final ArrayDeque<long[]> pendingDurable = new ArrayDeque<>();

  TaskEffects(TaskCore core, TaskLogWriter writer, TaskLogConfig logConfig, TaskSends sends) {
    this.core = core;
    this.writer = writer;
    this.logConfig = logConfig;
    this.sends = sends;
  }

  void sink(SinkWriter sink) {
    this.sink = sink;
  }

  /**
   * A recovered task replays {@code tail}'s inputs after its snapshot: they count towards the next
   * snapshot, so a task that keeps failing before it snapshots does not add a bound's worth of
   * replay per incarnation.
   */
  void recovered(List<LogRecord> tail) {
    for (LogRecord r : tail) {
      if (r instanceof LogRecord.Processed p) {
        inputsSinceSnapshot += p.entries().size();
      }
    }
  }

  void handle(Actions a, long nowMs) throws IOException {
    List<LogRecord> append = a.append();
    if (!append.isEmpty() && writer == null) {
      unloggedUpTo = append.get(append.size() - 1).lsn();
    } else if (!append.isEmpty()) {
      writer.append(append);
      for (LogRecord r : append) {
        if (r instanceof LogRecord.Processed p) {
          inputsSinceSnapshot += p.entries().size();
        }
      }
      // The interval runs from the end of the previous snapshot's write, not its request, so a
      // slow NameNode does not make snapshots run back to back. Not while one is being written:
      // the next record batch asks again.
      if (snapshotWriting && !writer.snapshotInProgress()) {
        snapshotWriting = false;
        lastSnapshotMs = nowMs;
      }
      long sinceMs = lastSnapshotMs == Long.MIN_VALUE ? Long.MAX_VALUE : nowMs - lastSnapshotMs;
      if (!snapshotWriting && logConfig.snapshotDue(inputsSinceSnapshot, sinceMs)) {
        writer.snapshot(core.snapshot());
        inputsSinceSnapshot = 0;
        snapshotWriting = true;
      }
    }
    if (!a.send().isEmpty()) {
      if (sink != null) {
        sink.write(a.send(), nowMs);
      } else {
        sends.outputs(a.send());
      }
    }
    if (!a.acks().isEmpty()) {
      sends.acks(a.acks());
    }
  }

  /** At-least-once: what {@link #handle} appended counts as durable now. */
  Actions releaseUnlogged(long nowMs) {
    return writer == null && unloggedUpTo > core.durableLsn()
        ? core.onDurable(nowMs, unloggedUpTo)
        : Actions.NONE;
  }

  /**
   * For a sink: flushes the destination when due ({@link SinkWriter#flushIfDue}), logs the
   * acknowledgement with the durable length, and publishes lengths whose record is durable.
   */
  void sinkTurn(long nowMs, boolean inputIdle) throws IOException {
    SinkWriter.Flushed f = sink.flushIfDue(nowMs, inputIdle);
    if (f != null) {
      handle(core.onAcked(nowMs, f.ids(), f.length()), nowMs);
      pendingDurable.add(new long[] {core.lastLsn(), f.length()});
    }
    while (!pendingDurable.isEmpty() && pendingDurable.peek()[0] <= core.durableLsn()) {
      sink.confirmDurable(pendingDurable.poll()[1]);
    }
  }
}
