package org.dsuite.rainstorm.engine.log;

import java.util.List;
import org.dsuite.rainstorm.engine.core.LogRecord;
import org.dsuite.rainstorm.engine.core.Snapshot;

/**
 * What recovery found in a task's log directory.
 *
 * @param snapshot the newest whole snapshot ({@link Snapshot#empty()} if none)
 * @param tail the records after it, in LSN order
 * @param nextLsn the LSN the next writer starts at
 * @param tornBytes bytes ignored at segment ends (a torn or unflushed last write)
 */
public record RecoveredLog(Snapshot snapshot, List<LogRecord> tail, long nextLsn, long tornBytes) {
  public RecoveredLog {
    tail = List.copyOf(tail);
  }
}
