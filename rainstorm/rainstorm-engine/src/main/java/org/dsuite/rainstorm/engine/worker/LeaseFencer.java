package org.dsuite.rainstorm.engine.worker;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.dsuite.rainstorm.api.job.DeliveryMode;
import org.dsuite.rainstorm.api.job.JobSpec;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.io.UriFileSystems;
import org.dsuite.rainstorm.engine.task.StagePlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts HDFS lease recovery of the files a failed worker's tasks left open (their task-log
 * segments and, for the sink, the destination) the moment the tasks move, instead of when each
 * moved task gets round to opening them.
 *
 * <p>Why: a task that restarts elsewhere must not read a dead writer's segment, or append to the
 * destination, before HDFS has <em>fenced</em> the old writer (closed the file through lease
 * recovery, so a process that was only paused can no longer make records durable and act on them).
 * Lease recovery needs one DataNode heartbeat ({@code dfs.heartbeat.interval}) whenever it is
 * started; started by the leader within milliseconds of swim's verdict, that heartbeat runs in
 * parallel with the reassignment, the new worker noticing it, and the task's start, instead of
 * after them. A new task incarnation still waits for the file to be closed ({@code TaskLogReader},
 * {@code HadoopStreamFileSystem}); this only makes that wait short or empty. Calling it again for a
 * file already under recovery is harmless: the NameNode does not restart a recovery in progress.
 */
final class LeaseFencer {
  private static final Logger log = LoggerFactory.getLogger(LeaseFencer.class);

  /**
   * How often a starting task asks whether its files are closed yet: the task's own recovery
   * ({@code TaskLogReader}, {@code HadoopStreamFileSystem}) asks every 100 ms, which added 50 ms on
   * average, and up to 100 ms, to every moved task's start; 20 ms keeps that to 10 ms for a few
   * NameNode calls per second per starting task.
   */
  private static final long AWAIT_PERIOD_NANOS = 20_000_000L;

  private final WorkerConfig config;
  private final Configuration conf;
  private final Executor executor;
  private final long watchLimitMs;

  /**
   * @param watchLimitMs how long a starting task waits here for its files to be fenced: the task
   *     log's lease-recovery timeout ({@code rainstorm.log.lease-recovery-timeout-ms}), after which
   *     the task's own recovery gives up too
   */
  LeaseFencer(WorkerConfig config, Configuration conf, Executor executor, long watchLimitMs) {
    this.config = config;
    this.conf = conf;
    this.executor = executor;
    this.watchLimitMs = watchLimitMs;
  }

  /**
   * The log directory of one task: the same path {@code TaskFactory} recovers the task from ({@code
   * rainstorm.hdfs + rainstorm.worker.log-root/JOB/STAGE-TASK}).
   */
  Path logDir(String jobId, TaskKey k) {
    return new Path(config.hdfs() + config.logRoot() + "/" + jobId + "/" + k);
  }

  /**
   * Starts (in the background) lease recovery of every open segment of {@code tasks} and, if the
   * sink is among them, of the destination. Returns at once.
   */
  void fenceMoved(String jobId, StagePlan plan, Collection<TaskKey> tasks) {
    JobSpec spec = plan.job();
    if (spec.mode() != DeliveryMode.EXACTLY_ONCE || tasks.isEmpty()) {
      return; // at-least-once tasks keep no log; their sink keeps the whole lines and appends
    }
    for (TaskKey k : tasks) {
      run(() -> fenceSegments(logDir(jobId, k)));
      if (isSink(plan, k)) {
        run(() -> fence(spec.dest()));
      }
    }
  }

  /**
   * Before a moved task starts here: makes sure lease recovery of its open log segments (and, for
   * the sink, of the destination) has started, and waits, polling every 20 ms, until HDFS has
   * closed them all or {@code watchLimitMs} passed. The task's own recovery then finds them closed
   * and does not wait; if this gave up, that recovery waits (and fails) as before, so this changes
   * when a task starts, never whether it may.
   *
   * @return true if every file is closed (or there was nothing to fence)
   */
  boolean awaitFenced(String jobId, StagePlan plan, TaskKey k) {
    JobSpec spec = plan.job();
    if (spec.mode() != DeliveryMode.EXACTLY_ONCE) {
      return true;
    }
    long deadline = System.nanoTime() + watchLimitMs * 1_000_000L;
    try {
      FileSystem fs = UriFileSystems.open(logDir(jobId, k).toString(), conf);
      if (!(fs instanceof DistributedFileSystem dfs)) {
        return true; // a local file system has no leases
      }
      java.util.List<Path> open = new java.util.ArrayList<>();
      try {
        for (FileStatus st : dfs.listStatus(logDir(jobId, k))) {
          if (st.getPath().getName().startsWith("seg-")) {
            open.add(st.getPath());
          }
        }
      } catch (FileNotFoundException e) {
        // the task never logged anything: no segment to fence
      }
      // Only an HDFS destination has a lease (a HyDFS or local one has none to wait for).
      if (isSink(plan, k) && spec.dest().startsWith("hdfs://")) {
        FileSystem destFs = UriFileSystems.open(spec.dest(), conf);
        if (destFs instanceof DistributedFileSystem dd && dd.exists(new Path(spec.dest()))) {
          return awaitClosed(dfs, open, deadline)
              && awaitClosed(dd, List.of(new Path(spec.dest())), deadline);
        }
      }
      return awaitClosed(dfs, open, deadline);
    } catch (IOException | RuntimeException e) {
      log.debug("could not wait for the fence of {} {}: {}", jobId, k, e.toString());
      return false;
    }
  }

  private static boolean awaitClosed(DistributedFileSystem dfs, List<Path> files, long deadline)
      throws IOException {
    for (Path p : files) {
      boolean closed = dfs.isFileClosed(p) || dfs.recoverLease(p);
      while (!closed) {
        if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
          return false;
        }
        LockSupport.parkNanos(AWAIT_PERIOD_NANOS);
        closed = dfs.isFileClosed(p);
      }
    }
    return true;
  }

  static boolean isSink(StagePlan plan, TaskKey k) {
    return k.stage() == plan.sinkStage();
  }

  private void run(Runnable r) {
    try {
      executor.execute(r);
    } catch (RejectedExecutionException e) {
      log.debug("not fencing: the worker is stopping");
    }
  }

  private void fenceSegments(Path dir) {
    try {
      FileSystem fs = UriFileSystems.open(dir.toString(), conf);
      if (!(fs instanceof DistributedFileSystem dfs)) {
        return; // a local file system has no leases
      }
      for (FileStatus st : dfs.listStatus(dir)) {
        if (st.getPath().getName().startsWith("seg-")) {
          startRecovery(dfs, st.getPath());
        }
      }
    } catch (FileNotFoundException e) {
      // the task never logged anything: nothing to fence
    } catch (IOException | RuntimeException e) {
      log.debug("early lease recovery under {} not started: {}", dir, e.toString());
    }
  }

  /** Starts lease recovery of one file if it is still open (a HyDFS or local file is skipped). */
  void fence(String file) {
    try {
      FileSystem fs = UriFileSystems.open(file, conf);
      if (fs instanceof DistributedFileSystem dfs) {
        Path p = new Path(file);
        if (dfs.exists(p)) {
          startRecovery(dfs, p);
        }
      }
    } catch (IOException | RuntimeException e) {
      log.debug("early lease recovery of {} not started: {}", file, e.toString());
    }
  }

  private void startRecovery(DistributedFileSystem dfs, Path p) throws IOException {
    if (dfs.isFileClosed(p)) {
      return;
    }
    boolean closed = dfs.recoverLease(p);
    // When it finishes shows in the moved task's "fenced" timeline step (awaitFenced); watching
    // every fenced file here too cost NameNode calls on every worker for a log line.
    log.info("lease recovery of {} started early ({})", p, closed ? "closed" : "in progress");
  }
}
