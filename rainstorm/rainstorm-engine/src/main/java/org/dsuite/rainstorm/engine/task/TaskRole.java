package org.dsuite.rainstorm.engine.task;

import java.util.Objects;
import org.dsuite.rainstorm.api.ops.LineBytesFilter;
import org.dsuite.rainstorm.engine.io.StreamFileSystem;

/** What sits at a task's ends besides the data plane: a source file, a destination, or neither. */
public sealed interface TaskRole permits TaskRole.Source, TaskRole.Operator, TaskRole.Sink {

  /**
   * Reads {@code file}; this task takes the lines that start in its byte range, split {@code task}
   * of {@code numTasks} equal ranges ({@link StreamFileSystem#openSplit}), skipping line 1 when it
   * is a header. Tuples carry the file's global line numbers, so IDs do not depend on the split.
   * With {@code recordsPerSecond > 0} this task paces its own tuples open-loop at that rate (the
   * job's input rate divided by the number of source tasks), letting due tuples gather for up to
   * {@code pacedWaitMicros} into one batch: see {@link SourceSplit}. Lines {@code lineFilter}
   * rejects on their bytes (the chained first operator's verdict) are passed over undecoded. A
   * paced source starts its schedule when the job's pipeline is up, or {@code pacedStartWaitMicros}
   * after its first read at the latest (0 = at its first read).
   */
  record Source(
      StreamFileSystem fs,
      String file,
      int numTasks,
      boolean header,
      int batchLines,
      double recordsPerSecond,
      long pacedWaitMicros,
      LineBytesFilter lineFilter,
      long pacedStartWaitMicros)
      implements TaskRole {
    public Source {
      Objects.requireNonNull(lineFilter, "lineFilter");
      if (numTasks < 1 || batchLines < 1) {
        throw new IllegalArgumentException("numTasks and batchLines must be >= 1");
      }
      if (!(recordsPerSecond >= 0) || Double.isInfinite(recordsPerSecond)) {
        throw new IllegalArgumentException(
            "recordsPerSecond must be finite and >= 0 (0 = unpaced): " + recordsPerSecond);
      }
      if (pacedWaitMicros < 1) {
        throw new IllegalArgumentException("pacedWaitMicros must be >= 1");
      }
      if (pacedStartWaitMicros < 0) {
        throw new IllegalArgumentException("pacedStartWaitMicros must be >= 0");
      }
    }

    /** A source whose schedule (if paced) starts at its first read. */
    public Source(
        StreamFileSystem fs,
        String file,
        int numTasks,
        boolean header,
        int batchLines,
        double recordsPerSecond,
        long pacedWaitMicros,
        LineBytesFilter lineFilter) {
      this(
          fs, file, numTasks, header, batchLines, recordsPerSecond, pacedWaitMicros, lineFilter, 0);
    }

    /** An unpaced source: reads as fast as the task accepts input. */
    public Source(StreamFileSystem fs, String file, int numTasks, boolean header, int batchLines) {
      this(fs, file, numTasks, header, batchLines, 0, 1, LineBytesFilter.KEEP_ALL, 0);
    }
  }

  /** Takes input from upstream tasks and sends output downstream. */
  record Operator() implements TaskRole {}

  /**
   * Writes its outputs' values as lines to {@code file}, flushing it durably whenever its input
   * goes idle and at the latest {@code flushIntervalMs} after the oldest unflushed line ({@link
   * SinkWriter}). After each durable flush of the file it acknowledges the written outputs with the
   * file length, which its log records; a restarted sink cuts the file back to that length and
   * rewrites what was unacknowledged.
   */
  record Sink(StreamFileSystem fs, String file, long flushIntervalMs) implements TaskRole {
    public Sink {
      if (flushIntervalMs < 0) {
        throw new IllegalArgumentException("flushIntervalMs must be >= 0");
      }
    }
  }
}
