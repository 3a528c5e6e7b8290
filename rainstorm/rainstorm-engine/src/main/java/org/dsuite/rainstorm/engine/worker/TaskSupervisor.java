package org.dsuite.rainstorm.engine.worker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.LockSupport;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.leader.Assignment;
import org.dsuite.rainstorm.engine.leader.JobStore;
import org.dsuite.rainstorm.engine.leader.TaskProgress;
import org.dsuite.rainstorm.engine.task.TaskRunner;
import org.dsuite.rainstorm.engine.task.stats.TaskStatsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the tasks running on this worker match a job's assignment: starts (recovers) the tasks
 * assigned here, stops those that moved away or failed, tells local upstream tasks when a
 * downstream task moved or came up so they resend at once, and reports each task's progress.
 */
final class TaskSupervisor {
  private static final Logger log = LoggerFactory.getLogger(TaskSupervisor.class);

  /**
   * Failures (a start that threw, or a task that stopped on an I/O error) after which a task is
   * reported failed and the leader fails the job; below that the task is recovered again from its
   * log on the next pass.
   */
  static final int MAX_FAILURES = 5;

  /** How often a started task is checked for its first new input (only until it has one). */
  private static final long RESUME_POLL_NANOS = 5_000_000L;

  /**
   * How long a task may go without processing an input, while not quiet, before its state is logged
   * (then again as often while it stays so): a stalled job's worker logs then name the task that
   * waits and what it holds.
   */
  static final long STALL_WARN_MS = 10_000;

  /** How long a started task is watched for its first new input. */
  private static final long RESUME_WATCH_MS = 60_000;

  private final String workerId;
  private final TaskFactory factory;
  private final JobStore jobs;
  private final TaskStatsStore stats; // part A: task stats for the submitter's report
  private final LeaseFencer fencer;
  // Task starts run in parallel: each may wait for HDFS to fence a dead writer's log segment, and
  // a failed worker's tasks should all recover at once, not one after another.
  private final ExecutorService starter;

  TaskSupervisor(
      String workerId,
      TaskFactory factory,
      JobStore jobs,
      TaskStatsStore stats,
      LeaseFencer fencer,
      ExecutorService starter) {
    this.workerId = workerId;
    this.factory = factory;
    this.jobs = jobs;
    this.stats = stats;
    this.fencer = fencer;
    this.starter = starter;
  }

  /** Makes the tasks running here match assignment {@code next}. */
  void apply(JobRun run, Assignment next) {
    Assignment prev = run.assignment;
    synchronized (run) {
      run.assignment = next;
    }
    next.workers()
        .forEach(
            (k, w) -> {
              if (!w.equals(workerId)) {
                run.placedElsewhereAt.merge(k, next.epoch(), Math::max);
              }
            });
    for (TaskKey k : Set.copyOf(run.tasks.keySet())) {
      TaskRunner r = run.tasks.get(k);
      if (r.failure() != null) {
        int n = run.failures.merge(k, 1, Integer::sum);
        run.lastFailure.put(k, r.failure().toString());
        log.warn("job {} task {} failed ({} so far), restarting it from its log", run.id, k, n);
        stop(run, run.tasks.remove(k));
      } else if (!workerId.equals(next.workers().get(k))) {
        log.info("job {} task {} moved away: stopping it here", run.id, k);
        stop(run, run.tasks.remove(k));
      }
    }
    for (Map.Entry<TaskKey, String> e : next.workers().entrySet()) {
      TaskKey k = e.getKey();
      if (e.getValue().equals(workerId)
          && !run.tasks.containsKey(k)
          && run.failures.getOrDefault(k, 0) < MAX_FAILURES
          && run.starting.add(k)) {
        Timeline.mark(run.id, k, "assigned");
        starter.execute(() -> startTask(run, k, next.epoch()));
      }
    }
    if (prev.epoch() != next.epoch()) {
      Set<TaskKey> moved = new HashSet<>();
      next.workers()
          .forEach(
              (k, w) -> {
                if (!w.equals(prev.workers().get(k))) {
                  moved.add(k);
                }
              });
      moved.forEach(m -> resendTo(run, m));
    }
  }

  /**
   * Aborts a task on the worker's loop thread, saying so if that took long: nothing else the worker
   * does about its jobs happens meanwhile, and the abort waits for the task's log flusher, which
   * may be inside an HDFS call on a pipeline that lease recovery broke.
   */
  private static void stop(JobRun run, TaskRunner r) {
    long t0 = System.nanoTime();
    r.abort();
    long ms = (System.nanoTime() - t0) / 1_000_000L;
    if (ms >= 1_000) {
      log.warn("job {} task {}: stopping it took {} ms", run.id, r.key(), ms);
    }
  }

  /** Local tasks upstream of {@code down} resend what it has not acknowledged. */
  static void resendTo(JobRun run, TaskKey down) {
    for (TaskRunner up : run.tasks.values()) {
      if (up.key().stage() == down.stage() - 1) {
        up.downstreamMoved(down.task());
      }
    }
  }

  /**
   * A task reported from the worker its current assignment names: it is up, so local upstream tasks
   * resend to it now. (Their resend at the reassignment went to a worker still recovering the task
   * and was dropped; without this they would wait for the resend timeout.)
   */
  void onProgress(JobRun run, TaskKey k, TaskProgress p) {
    Assignment a = run.assignment;
    if (p.epoch() == a.epoch()
        && p.worker().equals(a.workers().get(k))
        && !Long.valueOf(a.epoch()).equals(run.announcedUp.put(k, a.epoch()))) {
      resendTo(run, k);
      releaseIfPipelineUp(run);
    }
  }

  /**
   * Once every task of the job's current assignment has been seen up under that assignment's epoch
   * (reporting from its assigned worker), the paced sources here start their open-loop schedules
   * ({@link TaskRunner#pipelineReady}): each worker derives this from the reports in ZooKeeper it
   * watches anyway, no leader round. Called after a report and after a local start, so whichever
   * comes last releases the sources. (A restarted source, whose input is already due, never waits:
   * {@link TaskRunner} releases it itself when it recovered a log.)
   */
  static void releaseIfPipelineUp(JobRun run) {
    if (pipelineUp(run.assignment, run.announcedUp)) {
      run.tasks.values().forEach(TaskRunner::pipelineReady);
    }
  }

  /**
   * Whether every task of {@code a} was seen up under {@code a}'s own epoch ({@code announcedUp}:
   * task to the epoch of its last report from its assigned worker); a report under an earlier epoch
   * does not count, since that task may since have moved and be recovering.
   */
  static boolean pipelineUp(Assignment a, Map<TaskKey, Long> announcedUp) {
    Long epoch = a.epoch();
    return !a.workers().isEmpty()
        && a.workers().keySet().stream().allMatch(k -> epoch.equals(announcedUp.get(k)));
  }

  /**
   * Whether an assignment after epoch {@code begun} (the one that started task {@code k} here,
   * before the start read its log) placed it on another worker.
   */
  static boolean placedElsewhereSince(Map<TaskKey, Long> placedElsewhereAt, TaskKey k, long begun) {
    return placedElsewhereAt.getOrDefault(k, Long.MIN_VALUE) > begun;
  }

  /**
   * Recovers and starts a task (on a starter thread); drops it if it moved away meanwhile. Then
   * stays with it until it processes its first new input ({@link #watchResume}).
   */
  private void startTask(JobRun run, TaskKey k, long begun) {
    Timeline.mark(run.id, k, "starter");
    // The fence was started at swim's verdict (and by the leader at the move); wait for it here
    // with a short poll, so the task's own recovery finds the files closed.
    if (fencer.awaitFenced(run.id, run.plan, k)) {
      Timeline.mark(run.id, k, "fenced");
    }
    long t0 = System.nanoTime();
    TaskRunner r;
    try {
      r = factory.start(run.id, run.plan, k, run.out);
      synchronized (run) {
        if (run.stopped || !workerId.equals(run.assignment.workers().get(k))) {
          r.abort();
          return;
        }
        if (placedElsewhereSince(run.placedElsewhereAt, k, begun)) {
          // Moved away and back while this start ran: the incarnation started meanwhile may have
          // written the log and acted on it after this one read it. The next pass starts afresh.
          log.info(
              "job {} task {} was placed elsewhere while it started here: starting it again",
              run.id,
              k);
          r.abort();
          return;
        }
        run.resumedAtMs.remove(k);
        run.tasks.put(k, r);
      }
      Timeline.mark(run.id, k, "started");
      log.info(
          "job {} task {} started here ({} ms to recover and open it)",
          run.id,
          k,
          (System.nanoTime() - t0) / 1_000_000);
      resendTo(run, k);
      releaseIfPipelineUp(run); // a restarted source, or every report came in while it started
      report(run, r, run.assignment.epoch()); // tells other workers' upstream tasks it is up
    } catch (IOException | RuntimeException e) {
      int n = run.failures.merge(k, 1, Integer::sum);
      run.lastFailure.put(k, "start failed: " + e);
      log.warn("job {} task {}: start failed ({} so far): {}", run.id, k, n, e.toString());
      return;
    } catch (Exception e) {
      log.warn("job {} task {}: first progress report failed: {}", run.id, k, e.toString());
      return;
    } finally {
      run.starting.remove(k);
    }
    watchResume(run, k, r);
  }

  /**
   * Waits (polling every {@link #RESUME_POLL_NANOS}, for at most {@link #RESUME_WATCH_MS}) until
   * the task processes its first new input, then records when and reports at once: when a moved
   * task works again is what recovery time means, and waiting for the next poll would blur it by up
   * to a poll interval. Ends early if the task stops or moves.
   */
  private void watchResume(JobRun run, TaskKey k, TaskRunner r) {
    long base = r.inputsProcessed();
    long deadline = System.nanoTime() + RESUME_WATCH_MS * 1_000_000L;
    while (r.inputsProcessed() == base) {
      if (run.stopped
          || run.tasks.get(k) != r
          || r.failure() != null
          || System.nanoTime() > deadline
          || Thread.currentThread().isInterrupted()) {
        return;
      }
      LockSupport.parkNanos(RESUME_POLL_NANOS);
    }
    long at = Timeline.now();
    Timeline.mark(run.id, k, "resumed");
    run.resumedAtMs.put(k, at);
    try {
      report(run, r, run.assignment.epoch());
    } catch (Exception e) {
      log.debug("job {} task {}: progress report failed: {}", run.id, k, e.toString());
    }
  }

  /**
   * Publishes every task's stats and progress, and the tasks that failed too often: in one
   * ZooKeeper transaction once every znode exists (the worker's periodic report; the stats and
   * progress of a task then also change together), else one write at a time, creating them.
   */
  void report(JobRun run) throws Exception {
    long epoch = run.assignment.epoch();
    warnStalled(run);
    List<List<JobStore.ZnodeWrite>> writes = new ArrayList<>();
    for (TaskRunner r : run.tasks.values()) {
      // progress first: stats read after a quiet progress are final, as a quiet report implies
      TaskProgress p = progressOf(run, r, epoch);
      writes.add(
          List.of(
              new JobStore.ZnodeWrite(stats.path(run.id, r.key()), r.stats().encode()),
              new JobStore.ZnodeWrite(
                  jobs.layout().progress(run.id, r.key().toString()), p.encode())));
    }
    Map<TaskKey, TaskProgress> failed = new HashMap<>();
    for (Map.Entry<TaskKey, Integer> e : run.failures.entrySet()) {
      if (e.getValue() >= MAX_FAILURES && !run.tasks.containsKey(e.getKey())) {
        TaskProgress p =
            new TaskProgress(
                workerId,
                epoch,
                false,
                0,
                "failed "
                    + e.getValue()
                    + " times, last: "
                    + run.lastFailure.getOrDefault(e.getKey(), "see the worker log"));
        failed.put(e.getKey(), p);
        writes.add(
            List.of(
                new JobStore.ZnodeWrite(
                    jobs.layout().progress(run.id, e.getKey().toString()), p.encode())));
      }
    }
    if (writes.isEmpty() || jobs.overwriteAll(writes)) {
      return;
    }
    for (TaskRunner r : run.tasks.values()) {
      report(run, r, epoch);
    }
    for (Map.Entry<TaskKey, TaskProgress> e : failed.entrySet()) {
      jobs.writeProgress(run.id, e.getKey(), e.getValue());
    }
  }

  /**
   * Logs each task assigned here that has made no progress for {@link #STALL_WARN_MS} and is not
   * quiet, with what it holds ({@link TaskRunner#describe}), or why it is not running.
   */
  private void warnStalled(JobRun run) {
    long now = System.nanoTime();
    Set<TaskKey> here = new HashSet<>();
    run.assignment
        .workers()
        .forEach(
            (k, w) -> {
              if (w.equals(workerId)) {
                here.add(k);
              }
            });
    run.stalls.retain(here);
    for (TaskKey k : here) {
      TaskRunner r = run.tasks.get(k);
      long ms =
          r != null
              ? run.stalls.stalled(k, r.inputsProcessed(), r.isQuiet(), now)
              : run.stalls.stalledIdle(k, now);
      if (ms < 0) {
        continue;
      }
      if (r != null) {
        log.warn(
            "job {} task {} (epoch {}) processed no input for {} ms and is not quiet: {}; {}"
                + " failures here",
            run.id,
            k,
            run.assignment.epoch(),
            ms,
            r.describe(),
            run.failures.getOrDefault(k, 0));
      } else {
        log.warn(
            "job {} task {} (epoch {}) assigned here but not running for {} ms: {}, {} failures,"
                + " last: {}",
            run.id,
            k,
            run.assignment.epoch(),
            ms,
            run.starting.contains(k) ? "starting" : "not starting",
            run.failures.getOrDefault(k, 0),
            run.lastFailure.getOrDefault(k, "-"));
      }
    }
  }

  private void report(JobRun run, TaskRunner r, long epoch) throws Exception {
    stats.publish(
        run.id, r.key(), r.stats()); // before progress: a quiet report implies final stats
    jobs.writeProgress(run.id, r.key(), progressOf(run, r, epoch));
  }

  private TaskProgress progressOf(JobRun run, TaskRunner r, long epoch) {
    Throwable f = r.failure();
    return new TaskProgress(
        workerId,
        epoch,
        f == null && r.isQuiet(),
        r.inputsProcessed(),
        // A failed task is restarted from its log on the next pass; only one that failed
        // MAX_FAILURES times is reported failed (in report(run)), which fails the job.
        "",
        run.resumedAtMs.getOrDefault(r.key(), -1L));
  }
}
