package org.dsuite.rainstorm.engine.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.LogRecord;
import org.dsuite.rainstorm.engine.core.Router;
import org.dsuite.rainstorm.engine.core.TaskCore;
import org.dsuite.rainstorm.engine.core.TaskCoreConfig;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.core.TupleId;
import org.dsuite.rainstorm.engine.log.TaskLogConfig;
import org.dsuite.rainstorm.engine.log.TaskLogWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a task snapshots: by inputs at low rates, at most about once per interval at full speed, and
 * never more than the hard bound of inputs apart, so replay on recovery stays bounded.
 */
class TaskEffectsSnapshotTest {
  @TempDir java.nio.file.Path dir;

  private static final int EVERY = 10;
  private static final long INTERVAL_MS = 1_000;
  private static final int MAX = 100;

  private static final TaskKey KEY = new TaskKey(1, 0);
  private final TaskCore core =
      new TaskCore(
          KEY,
          (in, st, out) -> st.put(in.key(), in.value()),
          Router.byKey(1),
          TaskCoreConfig.defaults());
  private final List<String> snapshots = new ArrayList<>(); // every snapshot file seen, in order
  private FileSystem fs;
  private long nextLine = 0;

  @BeforeEach
  void localFileSystem() throws IOException {
    fs = FileSystem.getLocal(new Configuration());
  }

  @Test
  void aTaskAtFullSpeedSnapshotsOncePerIntervalAndAtTheHardBound() throws Exception {
    TaskLogConfig config = timed();
    Path log = new Path(dir.toUri().toString(), "log");
    try (TaskLogWriter w = TaskLogWriter.open(fs, log, 1, config, durable())) {
      TaskEffects effects = new TaskEffects(core, w, config, new TaskSends(KEY, NO_SENDS));

      feed(effects, w, log, 0, EVERY); // the first snapshot is due by inputs alone
      assertThat(snapshotsTaken()).isEqualTo(1);

      for (long t = 10; t < INTERVAL_MS; t += 200) { // 5 batches in the same second
        feed(effects, w, log, t, EVERY);
      }
      assertThat(snapshotsTaken()).as("within the interval after a snapshot").isEqualTo(1);

      // The interval runs from the end of the first snapshot's write, which the batch at 10 saw.
      feed(effects, w, log, INTERVAL_MS, EVERY);
      assertThat(snapshotsTaken()).as("an interval after the request, not the end").isEqualTo(1);
      feed(effects, w, log, 10 + INTERVAL_MS, EVERY); // one interval after the end: due again
      assertThat(snapshotsTaken()).isEqualTo(2);

      long now = 10 + INTERVAL_MS + 1; // the same instant from here: only the bound can trigger
      for (int i = 0; i < MAX / EVERY - 1; i++) {
        feed(effects, w, log, now, EVERY);
      }
      assertThat(snapshotsTaken()).isEqualTo(2);
      feed(effects, w, log, now, EVERY);
      assertThat(snapshotsTaken()).as("the hard bound of inputs").isEqualTo(3);
    }
  }

  @Test
  void aRecoveredTaskSnapshotsAtOnceWhenItsReplayAlreadyReachedTheCount() throws Exception {
    TaskLogConfig config = timed();
    List<DataTuple> replayed = new ArrayList<>();
    for (int i = 0; i < EVERY; i++, nextLine++) {
      replayed.add(new DataTuple(TupleId.ofSourceLine(nextLine), "k", "v"));
    }
    // What a predecessor logged after its last snapshot, as recovery hands it over: replaying it
    // again after another crash must not come on top of a whole new count.
    List<LogRecord> tail = core.onInputs(0, 0, replayed).append();
    Path log = new Path(dir.toUri().toString(), "log-recovered");
    try (TaskLogWriter w = TaskLogWriter.open(fs, log, core.lastLsn() + 1, config, durable())) {
      TaskEffects effects = new TaskEffects(core, w, config, new TaskSends(KEY, NO_SENDS));
      effects.recovered(tail);
      feed(effects, w, log, 0, 1);
      assertThat(snapshotsTaken()).as("the replayed inputs count").isEqualTo(1);
    }
  }

  @Test
  void withoutAnIntervalEveryNInputsSnapshotAsBefore() throws Exception {
    TaskLogConfig config =
        new TaskLogConfig(0, 1 << 20, 4 << 20, TaskLogConfig.Durability.HFLUSH, EVERY, 20_000);
    Path log = new Path(dir.toUri().toString(), "log0");
    try (TaskLogWriter w = TaskLogWriter.open(fs, log, 1, config, durable())) {
      TaskEffects effects = new TaskEffects(core, w, config, new TaskSends(KEY, NO_SENDS));
      for (int i = 0; i < 5; i++) {
        feed(effects, w, log, 0, EVERY);
      }
      assertThat(snapshotsTaken()).isEqualTo(5);
    }
  }

  /**
   * Snapshots every {@link #EVERY} inputs, at most once per {@link #INTERVAL_MS}, by {@link #MAX}.
   */
  private static TaskLogConfig timed() {
    return new TaskLogConfig(
        0,
        1 << 20,
        4 << 20,
        TaskLogConfig.Durability.HFLUSH,
        EVERY,
        20_000,
        INTERVAL_MS,
        MAX,
        16 << 10);
  }

  /**
   * One batch of {@code n} inputs at {@code nowMs}; waits until a snapshot it started is written.
   */
  private void feed(TaskEffects effects, TaskLogWriter w, Path log, long nowMs, int n)
      throws Exception {
    List<DataTuple> batch = new ArrayList<>();
    for (int i = 0; i < n; i++, nextLine++) {
      batch.add(new DataTuple(TupleId.ofSourceLine(nextLine), "k" + (nextLine % 7), "v"));
    }
    effects.handle(core.onInputs(nowMs, 0, batch), nowMs);
    await().atMost(Duration.ofSeconds(20)).until(() -> !w.snapshotInProgress());
    for (FileStatus st : fs.listStatus(log)) {
      String name = st.getPath().getName();
      if (name.startsWith("snap-") && name.endsWith(".snap") && !snapshots.contains(name)) {
        snapshots.add(name);
      }
    }
  }

  private int snapshotsTaken() {
    return snapshots.size();
  }

  private static TaskLogWriter.Listener durable() {
    return new TaskLogWriter.Listener() {
      @Override
      public void onDurable(long lsn) {}

      @Override
      public void onFailure(IOException e) {}
    };
  }

  private static final Outbound NO_SENDS =
      new Outbound() {
        @Override
        public void send(TaskKey to, int fromTask, List<DataTuple> tuples) {}

        @Override
        public void ack(TaskKey to, int fromTask, List<TupleId> ids) {}
      };
}
