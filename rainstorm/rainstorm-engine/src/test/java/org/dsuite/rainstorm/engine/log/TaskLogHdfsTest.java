package org.dsuite.rainstorm.engine.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.LogRecord;
import org.dsuite.rainstorm.engine.core.Router;
import org.dsuite.rainstorm.engine.core.Snapshot;
import org.dsuite.rainstorm.engine.core.TaskCore;
import org.dsuite.rainstorm.engine.core.TaskCoreConfig;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.core.TaskLogic;
import org.dsuite.rainstorm.engine.core.TaskRecovery;
import org.dsuite.rainstorm.engine.core.TupleId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The task log on a real (embedded) HDFS: group commit, recovery, torn tails, snapshots. */
class TaskLogHdfsTest {
  private static MiniDFSCluster cluster;
  private static org.apache.hadoop.hdfs.DistributedFileSystem fs;
  private static java.nio.file.Path baseDir;

  static final TaskLogic COUNT =
      (in, st, out) -> {
        String c = st.get(in.key());
        long n = c == null ? 1 : Long.parseLong(c) + 1;
        st.put(in.key(), Long.toString(n));
        out.emit(in.key(), in.key() + "," + n);
      };

  @BeforeAll
  static void startHdfs() throws IOException {
    baseDir = Files.createTempDirectory("rainstorm-hdfs");
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.toString());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    fs = cluster.getFileSystem();
  }

  @AfterAll
  static void stopHdfs() throws IOException {
    if (cluster != null) {
      cluster.shutdown(true);
    }
  }

  private static TaskCore core() {
    return new TaskCore(new TaskKey(2, 0), COUNT, Router.byKey(3), TaskCoreConfig.defaults());
  }

  private static DataTuple in(int i) {
    return new DataTuple(TupleId.ofSourceLine(i), "k" + (i % 5), "v" + i);
  }

  /** Collects durability reports. */
  static final class Durable implements TaskLogWriter.Listener {
    final AtomicLong lsn = new AtomicLong();
    final List<IOException> failures = new CopyOnWriteArrayList<>();

    @Override
    public void onDurable(long l) {
      lsn.accumulateAndGet(l, Math::max);
    }

    @Override
    public void onFailure(IOException e) {
      failures.add(e);
    }
  }

  private static TaskLogConfig config(long intervalMs) {
    return new TaskLogConfig(
        intervalMs, 1 << 20, 4 << 20, TaskLogConfig.Durability.HFLUSH, 1_000, 20_000);
  }

  /** The recovered log rebuilds {@code core} exactly: state, unacked outputs and last LSN. */
  private static void assertRebuilds(RecoveredLog r, TaskCore core, long lastLsn) {
    TaskCore rebuilt =
        TaskRecovery.recover(
            new TaskKey(2, 0),
            COUNT,
            Router.byKey(3),
            TaskCoreConfig.defaults(),
            r.snapshot(),
            r.tail());
    assertThat(rebuilt.stateView()).isEqualTo(core.stateView());
    assertThat(rebuilt.inFlight()).isEqualTo(core.inFlight());
    assertThat(rebuilt.lastLsn()).isEqualTo(lastLsn);
  }

  @Test
  void groupCommitMakesAppendedRecordsDurableAndRecoverable() throws IOException {
    Path dir = new Path("/t/group-commit");
    TaskCore core = core();
    Durable durable = new Durable();
    List<LogRecord> written = new ArrayList<>();
    try (TaskLogWriter w = TaskLogWriter.open(fs, dir, 1, config(5), durable)) {
      for (int i = 0; i < 2_000; i++) {
        List<LogRecord> recs = core.onInputs(0, 0, List.of(in(i))).append();
        written.addAll(recs);
        w.append(recs);
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> durable.lsn.get() == 2_000);
      assertThat(w.flushes()).as("many records per flush").isLessThan(2_000 / 4);
    }
    RecoveredLog r = TaskLogReader.recover(fs, dir, config(5));
    assertThat(r.tail()).isEqualTo(written);
    assertThat(r.nextLsn()).isEqualTo(2_001);
    assertThat(r.tornBytes()).isZero();
    assertThat(durable.failures).isEmpty();
  }

  @Test
  void tornLastRecordIsIgnoredAndTheNextWriterContinues() throws IOException {
    Path dir = new Path("/t/torn");
    TaskCore core = core();
    List<LogRecord> written = new ArrayList<>();
    try (TaskLogWriter w = TaskLogWriter.open(fs, dir, 1, config(1), new Durable())) {
      for (int i = 0; i < 50; i++) {
        List<LogRecord> recs = core.onInputs(0, 0, List.of(in(i))).append();
        written.addAll(recs);
        w.append(recs);
      }
    }
    // A half-written frame at the end, as a crash in the middle of a write leaves it.
    Path seg = new Path(dir, LogLayout.segment(1));
    try (FSDataOutputStream o = fs.append(seg)) {
      o.writeInt(200);
      o.writeInt(12345);
      o.write(new byte[37]);
    }
    RecoveredLog r = TaskLogReader.recover(fs, dir, config(1));
    assertThat(r.tail()).isEqualTo(written);
    assertThat(r.tornBytes()).isEqualTo(45);

    TaskCore again =
        TaskRecovery.recover(
            new TaskKey(2, 0),
            COUNT,
            Router.byKey(3),
            TaskCoreConfig.defaults(),
            r.snapshot(),
            r.tail());
    try (TaskLogWriter w = TaskLogWriter.open(fs, dir, r.nextLsn(), config(1), new Durable())) {
      w.append(again.onInputs(0, 0, List.of(in(50))).append());
    }
    RecoveredLog r2 = TaskLogReader.recover(fs, dir, config(1));
    assertThat(r2.tail()).hasSize(51);
    assertThat(r2.nextLsn()).isEqualTo(52);
  }

  @Test
  void crashedWriterIsFencedAndItsFlushedRecordsRecovered() throws Exception {
    Path dir = new Path("/t/crash");
    TaskCore core = core();
    Durable durable = new Durable();
    List<LogRecord> written = new ArrayList<>();
    // The writer uses its own client, as another process would: recovery must take its lease.
    FileSystem writerFs = FileSystem.newInstance(fs.getUri(), fs.getConf());
    try {
      TaskLogWriter w = TaskLogWriter.open(writerFs, dir, 1, config(1), durable);
      for (int i = 0; i < 300; i++) {
        List<LogRecord> recs = core.onInputs(0, 0, List.of(in(i))).append();
        written.addAll(recs);
        w.append(recs);
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> durable.lsn.get() == 300);
      w.abort(); // no close: the segment stays open under the writer's lease

      RecoveredLog r = TaskLogReader.recover(fs, dir, config(1));
      assertThat(r.tail()).isEqualTo(written);
      assertThat(fs.isFileClosed(new Path(dir, LogLayout.segment(1)))).isTrue();
    } finally {
      writerFs.close();
    }
  }

  @Test
  void snapshotPlusTailRebuildsStateAndDropsCoveredSegments() throws Exception {
    Path dir = new Path("/t/snapshot");
    TaskCore core = core();
    Durable durable = new Durable();
    try (TaskLogWriter w = TaskLogWriter.open(fs, dir, 1, config(1), durable)) {
      for (int i = 0; i < 100; i++) {
        w.append(core.onInputs(0, 0, List.of(in(i))).append());
      }
      Snapshot snap = core.snapshot();
      w.snapshot(snap);
      for (int i = 100; i < 130; i++) {
        w.append(core.onInputs(0, 0, List.of(in(i))).append());
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> durable.lsn.get() == 130);
    }
    List<String> names = new ArrayList<>();
    for (FileStatus st : fs.listStatus(dir)) {
      names.add(st.getPath().getName());
    }
    assertThat(names).contains(LogLayout.snapshot(100)).doesNotContain(LogLayout.segment(1));

    RecoveredLog r = TaskLogReader.recover(fs, dir, config(1));
    assertThat(r.snapshot().lsn()).isEqualTo(100);
    assertThat(r.tail()).extracting(LogRecord::lsn).first().isEqualTo(101L);
    assertRebuilds(r, core, 130);
  }

  /**
   * A file system (the writer's own client) whose {@code rename} or {@code listStatus} stops the
   * calling thread until {@link #kill}, then fails, as if the process died there.
   */
  static final class StopAt extends FilterFileSystem {
    final String op;
    final CountDownLatch reached = new CountDownLatch(1);
    final CountDownLatch killed = new CountDownLatch(1);

    StopAt(FileSystem fs, String op) {
      super(fs);
      this.op = op;
    }

    private void stop(String what) throws IOException {
      if (what.equals(op)) {
        reached.countDown();
        try {
          killed.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new IOException("process killed in " + what);
      }
    }

    void kill() {
      killed.countDown();
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
      stop("rename");
      return super.rename(src, dst);
    }

    @Override
    public FileStatus[] listStatus(Path p) throws IOException {
      stop("listStatus");
      return super.listStatus(p);
    }
  }

  /**
   * The snapshot's steps run beside the group commits (records after the snapshot become durable
   * while it is stuck), and a writer killed between them, before the snapshot's rename or after it
   * but before the covered segments are deleted, recovers every record and the exact state.
   */
  @ParameterizedTest
  @ValueSource(strings = {"rename", "listStatus"})
  void aWriterKilledBetweenSnapshotStepsRecoversExactly(String step) throws Exception {
    Path dir = new Path("/t/killed-in-" + step);
    TaskCore core = core();
    Durable durable = new Durable();
    StopAt writerFs = new StopAt(FileSystem.newInstance(fs.getUri(), fs.getConf()), step);
    try {
      TaskLogWriter w = TaskLogWriter.open(writerFs, dir, 1, config(1), durable);
      for (int i = 0; i < 100; i++) {
        w.append(core.onInputs(0, 0, List.of(in(i))).append());
      }
      w.snapshot(core.snapshot());
      assertThat(writerFs.reached.await(30, TimeUnit.SECONDS)).isTrue();
      for (int i = 100; i < 130; i++) {
        w.append(core.onInputs(0, 0, List.of(in(i))).append());
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> durable.lsn.get() == 130);
      assertThat(w.snapshotInProgress()).as("still stuck in " + step).isTrue();
      writerFs.kill();
      w.abort();

      RecoveredLog r = TaskLogReader.recover(fs, dir, config(1));
      assertThat(r.snapshot().lsn()).isEqualTo(step.equals("rename") ? 0 : 100);
      assertThat(r.tail()).extracting(LogRecord::lsn).first().isEqualTo(r.snapshot().lsn() + 1);
      assertThat(r.nextLsn()).isEqualTo(131);
      assertRebuilds(r, core, 130);
    } finally {
      writerFs.kill();
      writerFs.close();
    }
  }

  /**
   * An incarnation that snapshots at an LSN an earlier one already snapshotted (it recovered from
   * that snapshot and crashed before logging more) keeps the existing file: HDFS does not rename
   * onto an existing file, and a delete before the rename could leave no snapshot at all.
   */
  @Test
  void aSnapshotAtTheLsnOfAnEarlierOneKeepsIt() throws IOException {
    Path dir = new Path("/t/same-lsn");
    fs.mkdirs(dir);
    // Two snapshots at one LSN hold the same state in the product; different ones here show which
    // file survives.
    Snapshot first = new Snapshot(40, Map.of(), Map.of(), Map.of("k", "1"), List.of(), -1);
    Snapshot again = new Snapshot(40, Map.of(), Map.of(), Map.of("k", "2"), List.of(), -1);
    SnapshotFiles.write(fs, dir, first, false);
    SnapshotFiles.write(fs, dir, again, false);
    assertThat(SnapshotFiles.read(fs, new Path(dir, LogLayout.snapshot(40))).state())
        .containsEntry("k", "1");
    assertThat(fs.listStatus(dir)).hasSize(1); // no .tmp left behind
  }

  /** A task core rebuilt from {@code r}, as a successor incarnation starts. */
  private static TaskCore rebuilt(RecoveredLog r) {
    return TaskRecovery.recover(
        new TaskKey(2, 0),
        COUNT,
        Router.byKey(3),
        TaskCoreConfig.defaults(),
        r.snapshot(),
        r.tail());
  }

  /**
   * A paused writer resumes after its successor recovered the log (HDFS fenced its segment), and
   * the first thing its flusher does is roll for a snapshot, whose records are all flushed: it has
   * no record bytes to fail on. The roll must not give it a new segment (a new lease) in which its
   * next records become durable past the fence, nor replace the successor's segment. Either order
   * of the successor opening its segment and the zombie rolling.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aFencedWriterCannotRollPastItsFence(boolean successorOpensFirst) throws Exception {
    Path dir = new Path("/t/zombie-roll-" + successorOpensFirst);
    TaskCore zombieCore = core();
    Durable zombieDurable = new Durable();
    FileSystem zombieFs = FileSystem.newInstance(fs.getUri(), fs.getConf());
    try {
      TaskLogWriter zombie = TaskLogWriter.open(zombieFs, dir, 1, config(1), zombieDurable);
      for (int i = 0; i < 100; i++) {
        zombie.append(zombieCore.onInputs(0, 0, List.of(in(i))).append());
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> zombieDurable.lsn.get() == 100);

      RecoveredLog r = TaskLogReader.recover(fs, dir, config(1)); // the fence
      assertThat(r.nextLsn()).isEqualTo(101);
      TaskCore successorCore = rebuilt(r);
      Durable successorDurable = new Durable();
      TaskLogWriter successor = null;
      if (successorOpensFirst) {
        successor = TaskLogWriter.open(fs, dir, 101, config(1), successorDurable);
      }
      zombie.snapshot(zombieCore.snapshot()); // every record is flushed: a roll with no bytes
      try {
        for (int i = 1_000; i < 1_030; i++) {
          zombie.append(zombieCore.onInputs(0, 0, List.of(in(i))).append());
        }
      } catch (IOException e) {
        // the zombie's log may already have failed
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> !zombieDurable.failures.isEmpty());
      assertThat(zombieDurable.lsn.get()).as("zombie durable past the fence").isEqualTo(100);
      zombie.abort();

      if (!successorOpensFirst) {
        successor = TaskLogWriter.open(fs, dir, 101, config(1), successorDurable);
      }
      for (int i = 100; i < 110; i++) {
        successor.append(successorCore.onInputs(0, 0, List.of(in(i))).append());
      }
      successor.close();
      assertThat(successorDurable.failures).isEmpty();
      RecoveredLog after = TaskLogReader.recover(fs, dir, config(1));
      assertThat(after.nextLsn()).isEqualTo(111);
      assertRebuilds(after, successorCore, 110);
    } finally {
      zombieFs.close();
    }
  }

  /**
   * The zombie's writer client, whose {@code create} of one segment first runs {@code beforeCreate}
   * (the fence landing between the roll's lease check and its create).
   */
  static final class FenceAtCreate extends FilterFileSystem {
    private final String name;
    private final java.util.concurrent.Callable<Void> beforeCreate;
    private boolean fired;

    FenceAtCreate(FileSystem fs, String name, java.util.concurrent.Callable<Void> beforeCreate) {
      super(fs);
      this.name = name;
      this.beforeCreate = beforeCreate;
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite) throws IOException {
      if (f.getName().equals(name) && !fired) {
        fired = true;
        try {
          beforeCreate.call();
        } catch (Exception e) {
          throw new IOException(e);
        }
      }
      return super.create(f, overwrite);
    }
  }

  /**
   * The fence lands after the zombie's roll confirmed its lease and before it creates the next
   * segment: whichever of the zombie and its successor creates that segment second fails, and every
   * record the zombie reported durable is in the log the successor ends up continuing (on main the
   * successor's overwrite dropped them, or the zombie's dropped the successor's segment).
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aFenceBetweenTheRollsLeaseCheckAndItsCreateLosesNoDurableRecord(boolean successorOpensFirst)
      throws Exception {
    Path dir = new Path("/t/fence-at-create-" + successorOpensFirst);
    TaskCore zombieCore = core();
    Durable zombieDurable = new Durable();
    Durable successorDurable = new Durable();
    TaskLogWriter[] successor = new TaskLogWriter[1];
    RecoveredLog[] fenced = new RecoveredLog[1];
    FenceAtCreate zombieFs =
        new FenceAtCreate(
            FileSystem.newInstance(fs.getUri(), fs.getConf()),
            LogLayout.segment(101),
            () -> {
              fenced[0] = TaskLogReader.recover(fs, dir, config(1));
              if (successorOpensFirst) {
                successor[0] = TaskLogWriter.open(fs, dir, 101, config(1), successorDurable);
              }
              return null;
            });
    try {
      TaskLogWriter zombie = TaskLogWriter.open(zombieFs, dir, 1, config(1), zombieDurable);
      for (int i = 0; i < 100; i++) {
        zombie.append(zombieCore.onInputs(0, 0, List.of(in(i))).append());
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> zombieDurable.lsn.get() == 100);
      zombie.snapshot(zombieCore.snapshot()); // the roll: lease confirmed, then the fence, create
      try {
        for (int i = 1_000; i < 1_030; i++) {
          zombie.append(zombieCore.onInputs(0, 0, List.of(in(i))).append());
        }
      } catch (IOException e) {
        // the zombie's log may already have failed
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !zombieDurable.failures.isEmpty() || zombieDurable.lsn.get() == 130);
      zombie.abort();
      assertThat(fenced[0].nextLsn()).isEqualTo(101);

      RecoveredLog r = fenced[0];
      if (!successorOpensFirst) {
        // the zombie's segment is there first: the successor fails to open, and its retry
        // recovers again, fencing that segment and reading the zombie's records
        assertThatThrownBy(() -> TaskLogWriter.open(fs, dir, 101, config(1), successorDurable))
            .hasMessageContaining("another incarnation");
        r = TaskLogReader.recover(fs, dir, config(1));
        successor[0] = TaskLogWriter.open(fs, dir, r.nextLsn(), config(1), successorDurable);
      }
      TaskCore successorCore = rebuilt(r);
      long durableByZombie = zombieDurable.lsn.get();
      assertThat(r.nextLsn())
          .as("the successor continues after the zombie's durable records")
          .isGreaterThan(durableByZombie);
      for (int i = 2_000; i < 2_010; i++) { // new lines whichever log it continues
        successor[0].append(successorCore.onInputs(0, 0, List.of(in(i))).append());
      }
      successor[0].close();
      assertThat(successorDurable.failures).isEmpty();
      RecoveredLog after = TaskLogReader.recover(fs, dir, config(1));
      assertRebuilds(after, successorCore, r.nextLsn() + 9);
    } finally {
      zombieFs.close();
    }
  }

  /**
   * Two incarnations of one task starting at once, as when an assignment moves a task away from a
   * worker still starting it and back (session 8's CI stall: epochs 3, 4 and 5 within three
   * seconds), or a replaced writer that got past its fence check: both recovered the log to the
   * same LSN, and the first opened the segment both name and made records durable (and, in a task,
   * acted on them: sent outputs, acknowledged inputs). The second must not replace that segment (on
   * main it did, so records reported durable were gone, an input acknowledged upstream was in no
   * log, and the successor's dedupe had a gap no resend fills); it fails to open, and its retry's
   * recovery fences the first and reads its records.
   */
  @Test
  void aSegmentAnotherIncarnationStartedIsNotReplaced() throws Exception {
    Path dir = new Path("/t/not-replaced");
    TaskCore core = core();
    try (TaskLogWriter w = TaskLogWriter.open(fs, dir, 1, config(1), new Durable())) {
      for (int i = 0; i < 50; i++) {
        w.append(core.onInputs(0, 0, List.of(in(i))).append());
      }
    }
    RecoveredLog r = TaskLogReader.recover(fs, dir, config(1));
    assertThat(r.nextLsn()).isEqualTo(51);
    FileSystem otherFs = FileSystem.newInstance(fs.getUri(), fs.getConf());
    try {
      Durable otherDurable = new Durable();
      TaskLogWriter other = TaskLogWriter.open(otherFs, dir, 51, config(1), otherDurable);
      for (int i = 50; i < 60; i++) {
        other.append(core.onInputs(0, 0, List.of(in(i))).append());
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> otherDurable.lsn.get() == 60);

      assertThatThrownBy(() -> TaskLogWriter.open(fs, dir, 51, config(1), new Durable()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("another incarnation");
      other.abort();

      RecoveredLog again = TaskLogReader.recover(fs, dir, config(1));
      assertThat(again.nextLsn()).isEqualTo(61);
      assertRebuilds(again, core, 60);
    } finally {
      otherFs.close();
    }
  }

  /**
   * A writer that died right after opening its segment leaves one that holds no record: recovery
   * removes it, so the next writer (which never replaces a segment) starts one of the same name.
   */
  @Test
  void aSegmentHoldingNoRecordIsReplacedByTheNextWriter() throws Exception {
    Path dir = new Path("/t/empty-segment");
    FileSystem deadFs = FileSystem.newInstance(fs.getUri(), fs.getConf());
    try {
      TaskLogWriter.open(deadFs, dir, 1, config(1), new Durable()).abort();
      RecoveredLog r = TaskLogReader.recover(fs, dir, config(1));
      assertThat(r.nextLsn()).isEqualTo(1);
      TaskCore core = core();
      try (TaskLogWriter w = TaskLogWriter.open(fs, dir, 1, config(1), new Durable())) {
        w.append(core.onInputs(0, 0, List.of(in(0))).append());
      }
      assertThat(TaskLogReader.recover(fs, dir, config(1)).tail()).hasSize(1);
    } finally {
      deadFs.close();
    }
  }

  @Test
  void emptyDirectoryRecoversToAFreshTask() throws IOException {
    RecoveredLog r = TaskLogReader.recover(fs, new Path("/t/never-written"), config(1));
    assertThat(r.snapshot()).isEqualTo(Snapshot.empty());
    assertThat(r.tail()).isEmpty();
    assertThat(r.nextLsn()).isEqualTo(1);
  }
}
