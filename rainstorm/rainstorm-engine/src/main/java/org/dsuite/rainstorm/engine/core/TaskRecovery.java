package org.dsuite.rainstorm.engine.core;

import org.dsuite.rainstorm.engine.core.OutputBuffer.Inflight;

/**
 * Rebuilds a task from its latest snapshot and the log records after it. The result equals the task
 * as it was when the last of those records was written (the log is the truth), with every unacked
 * output marked "never sent" so the first {@link TaskCore#onTick} resends it.
 */
public final class TaskRecovery {
  private TaskRecovery() {}

  /**
   * @param tail records in log order; records at or before the snapshot's LSN are skipped, a gap in
   *     the LSNs after it is a corrupt log
   * @throws IllegalStateException if the tail skips an LSN
   */
  public static TaskCore recover(
      TaskKey key,
      TaskLogic logic,
      Router router,
      TaskCoreConfig config,
      Snapshot snapshot,
      Iterable<? extends LogRecord> tail) {
    TaskCore core = new TaskCore(key, logic, router, config);
    core.processed.restore(snapshot.processed());
    snapshot.lastSeq().forEach(core::restoreSeq);
    core.state.putAll(snapshot.state());
    for (Output o : snapshot.unacked()) {
      track(core, o);
    }
    core.lastLsn = snapshot.lsn();
    core.destOffset = snapshot.destOffset();
    for (LogRecord r : tail) {
      if (r.lsn() <= core.lastLsn) {
        continue;
      }
      if (r.lsn() != core.lastLsn + 1) {
        throw new IllegalStateException(
            "log gap: expected lsn " + (core.lastLsn + 1) + ", found " + r.lsn());
      }
      apply(core, r);
      core.lastLsn = r.lsn();
    }
    core.markAllDurable();
    return core;
  }

  /** An unacked output; one logged without content waits for its source line to be re-read. */
  private static void track(TaskCore core, Output o) {
    core.buffer.track(new Inflight(o, OutputBuffer.NEVER_SENT, o.contentFromLine()));
  }

  private static void apply(TaskCore core, LogRecord r) {
    if (r instanceof LogRecord.Processed p) {
      for (LogRecord.Entry e : p.entries()) {
        if (core.processed.check(e.input()) == Dedupe.Verdict.NEW) {
          core.processed.add(e.input());
        }
        RecordingState.applyAll(core.state, e.changes());
        for (Output o : e.outputs()) {
          core.restoreSeq(o.toTask(), o.id().lo());
          track(core, o);
        }
      }
    } else if (r instanceof LogRecord.Acked a) {
      for (TupleId id : a.outputs()) {
        core.buffer.remove(id);
      }
      if (a.destOffset() >= 0) {
        core.destOffset = a.destOffset();
      }
    }
  }
}
