package org.dsuite.rainstorm.engine.task;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.dsuite.rainstorm.api.Tuple;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.TupleId;
import org.dsuite.rainstorm.engine.io.StreamFileSystem;

/**
 * A source task's share of the source file, its byte-range split ({@link
 * StreamFileSystem#openSplit}), read in batches ({@link TaskRole.Source}). Each tuple's carries its
 * source timestamp ({@link DataTuple#stampMicros()}) for end-to-end latency.
 *
 * <p>Pacing ({@code recordsPerSecond > 0}) is open-loop: the {@code k}-th tuple of this incarnation
 * is due at {@code start + k / rate}, a batch holds only tuples already due, and each tuple is
 * stamped with its due time, not the time it was actually read. When the pipeline falls behind
 * (backpressure), tuples pile up as due and their latency includes the time they waited, so slow
 * periods are not hidden (no coordinated omission). A restarted source task starts its schedule
 * again and re-reads its split from the top; lines its log already holds are dropped by the core.
 */
final class SourceSplit implements Closeable {
  private final TaskRole.Source role;
  private final int task;
  private final StreamFileSystem.LineReader reader;
  private final double microsPerTuple; // 0 = unpaced
  private long startMicros = -1;
  private long emitted;
  private String pendingLine; // read but not yet due
  private long pendingNumber;
  private volatile boolean done;

  SourceSplit(TaskRole.Source role, int task) throws IOException {
    this.role = role;
    this.task = task;
    this.reader = role.fs().openSplit(role.file(), task, role.numTasks());
    this.microsPerTuple = role.recordsPerSecond() > 0 ? 1e6 / role.recordsPerSecond() : 0;
  }

  /**
   * The next batch of this split's lines as source tuples: empty once the file is read, and also
   * (when paced) while no tuple is due yet.
   */
  List<DataTuple> nextBatch() throws IOException {
    long now = WallMicros.now();
    if (startMicros < 0) {
      startMicros = now;
    }
    List<DataTuple> batch = new ArrayList<>(Math.min(role.batchLines(), 1024));
    while (!done && batch.size() < role.batchLines()) {
      if (pendingLine == null && !readNext()) {
        done = true;
        break;
      }
      long due = microsPerTuple == 0 ? now : startMicros + (long) (emitted * microsPerTuple);
      if (due > now) {
        break;
      }
      batch.add(
          new DataTuple(
              TupleId.ofSourceLine(pendingNumber),
              Tuple.sourceKey(role.file(), pendingNumber),
              pendingLine,
              due));
      pendingLine = null;
      emitted++;
    }
    return batch;
  }

  /**
   * Microseconds until the next tuple is due when paced and one is waiting for its time; 0 if one
   * is due now, or if the source is unpaced or has not read ahead (the caller then simply asks).
   */
  long microsUntilDue() {
    if (microsPerTuple == 0 || pendingLine == null || startMicros < 0) {
      return 0;
    }
    long due = startMicros + (long) (emitted * microsPerTuple);
    return Math.max(0, due - WallMicros.now());
  }

  /** How long a paced source lets due tuples gather into one batch. */
  long pacedWaitMicros() {
    return role.pacedWaitMicros();
  }

  /** Reads this split's next line into {@code pendingLine}; false at the end of the split. */
  private boolean readNext() throws IOException {
    while (true) {
      String line = reader.next();
      if (line == null) {
        return false;
      }
      long n = reader.lineNumber();
      if (role.header() && n == 1) {
        continue; // the header is in split 0's range, and is no tuple
      }
      pendingLine = line;
      pendingNumber = n;
      return true;
    }
  }

  boolean done() {
    return done;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
