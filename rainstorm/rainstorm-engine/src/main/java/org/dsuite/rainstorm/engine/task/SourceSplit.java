package org.dsuite.rainstorm.engine.task;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.dsuite.rainstorm.api.Tuple;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.TupleId;
import org.dsuite.rainstorm.engine.io.StreamFileSystem;

/** A source task's share of the source file, read in batches ({@link TaskRole.Source}). */
final class SourceSplit implements Closeable {
  private final TaskRole.Source role;
  private final int task;
  private final StreamFileSystem.LineReader reader;
  private volatile boolean done;

  SourceSplit(TaskRole.Source role, int task) throws IOException {
    this.role = role;
    this.task = task;
    this.reader = role.fs().openLines(role.file());
  }

  /** The next batch of this split's lines as source tuples; empty once the file is read. */
  List<DataTuple> nextBatch() throws IOException {
    List<DataTuple> batch = new ArrayList<>(role.batchLines());
    while (!done && batch.size() < role.batchLines()) {
      String line = reader.next();
      if (line == null) {
        done = true;
        break;
      }
      long n = reader.lineNumber();
      if ((role.header() && n == 1) || n % role.numTasks() != task) {
        continue;
      }
      batch.add(new DataTuple(TupleId.ofSourceLine(n), Tuple.sourceKey(role.file(), n), line));
    }
    return batch;
  }

  boolean done() {
    return done;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
