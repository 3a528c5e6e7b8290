package org.dsuite.rainstorm.engine.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.LogRecord;
import org.dsuite.rainstorm.engine.core.Router;
import org.dsuite.rainstorm.engine.core.TaskCore;
import org.dsuite.rainstorm.engine.core.TaskCoreConfig;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.core.TupleId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flusher's wake-ups: an appender signals it only when the buffer was empty (or is past the
 * commit size), so a record must never be left buffered because its signal came while the flusher
 * was busy with the previous commit or about to wait.
 */
class TaskLogCadenceTest {
  @TempDir java.nio.file.Path dir;

  private static TaskLogConfig config(long intervalMs) {
    return new TaskLogConfig(
        intervalMs, 1 << 20, 4 << 20, TaskLogConfig.Durability.HFLUSH, 1_000_000, 20_000);
  }

  /**
   * Each record is appended only once the previous one is durable, so every append meets the
   * flusher in a different state (finishing the last commit, about to wait, waiting): each must
   * become durable. A lost signal leaves a record buffered forever and fails the await.
   */
  @Test
  void everyRecordBecomesDurableWhateverStateTheFlusherIsIn() throws Exception {
    for (long intervalMs : new long[] {0, 1, 3}) {
      FileSystem fs = FileSystem.getLocal(new Configuration());
      TaskCore core =
          new TaskCore(
              new TaskKey(1, 0), TaskLogHdfsTest.COUNT, Router.byKey(3), TaskCoreConfig.defaults());
      TaskLogHdfsTest.Durable durable = new TaskLogHdfsTest.Durable();
      Path logDir = new Path(dir.toUri().toString(), "log-" + intervalMs);
      try (TaskLogWriter w = TaskLogWriter.open(fs, logDir, 1, config(intervalMs), durable)) {
        for (int i = 0; i < 300; i++) {
          DataTuple t = new DataTuple(TupleId.ofSourceLine(i), "k" + (i % 5), "v" + i);
          List<LogRecord> recs = core.onInputs(0, 0, List.of(t)).append();
          w.append(recs);
          long lsn = recs.get(recs.size() - 1).lsn();
          await()
              .pollDelay(Duration.ZERO)
              .pollInterval(Duration.ofMillis(1))
              .atMost(Duration.ofSeconds(20))
              .until(() -> durable.lsn.get() >= lsn);
        }
        assertThat(w.flushes()).isBetween(1L, 300L);
      }
      assertThat(durable.failures).isEmpty();
    }
  }

  /** Records appended back to back share commits: far fewer flushes than appends. */
  @Test
  void recordsAppendedBackToBackShareACommit() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    TaskCore core =
        new TaskCore(
            new TaskKey(1, 0), TaskLogHdfsTest.COUNT, Router.byKey(3), TaskCoreConfig.defaults());
    TaskLogHdfsTest.Durable durable = new TaskLogHdfsTest.Durable();
    long last = 0;
    try (TaskLogWriter w =
        TaskLogWriter.open(fs, new Path(dir.toUri().toString(), "log"), 1, config(50), durable)) {
      for (int i = 0; i < 2_000; i++) {
        DataTuple t = new DataTuple(TupleId.ofSourceLine(i), "k" + (i % 5), "v" + i);
        List<LogRecord> recs = core.onInputs(0, 0, List.of(t)).append();
        w.append(recs);
        last = recs.get(recs.size() - 1).lsn();
      }
      long want = last;
      await().atMost(Duration.ofSeconds(20)).until(() -> durable.lsn.get() >= want);
      // 2 000 appends in well under a second on any machine, at most one commit per 50 ms.
      assertThat(w.flushes()).isLessThan(1_000);
    }
  }
}
