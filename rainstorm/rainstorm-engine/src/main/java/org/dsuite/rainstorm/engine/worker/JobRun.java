package org.dsuite.rainstorm.engine.worker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.dsuite.rainstorm.api.job.JobSpec;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.leader.Assignment;
import org.dsuite.rainstorm.engine.net.DataPlaneConfig;
import org.dsuite.rainstorm.engine.task.DataPlaneOutbound;
import org.dsuite.rainstorm.engine.task.StagePlan;
import org.dsuite.rainstorm.engine.task.TaskRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One job as seen by one worker: its spec, the latest assignment, and the tasks running here. */
final class JobRun {
  private static final Logger log = LoggerFactory.getLogger(JobRun.class);

  final String id;
  final JobSpec spec;

  /** The job's stage plan, as stored with it (its record's stage count). */
  final StagePlan plan;

  final Map<TaskKey, TaskRunner> tasks = new ConcurrentHashMap<>();
  final Map<TaskKey, Integer> failures = new ConcurrentHashMap<>();

  /** Each failed task's latest failure, so the final report says why, not only how often. */
  final Map<TaskKey, String> lastFailure = new ConcurrentHashMap<>();

  /** The assignment epoch under which each task was last seen up (reporting from its worker). */
  final Map<TaskKey, Long> announcedUp = new ConcurrentHashMap<>();

  /** When each task's current incarnation here processed its first new input (wall-clock ms). */
  final Map<TaskKey, Long> resumedAtMs = new ConcurrentHashMap<>();

  /** Tasks here that stopped making progress (the worker loop's periodic report only). */
  final StallWatch<TaskKey> stalls = new StallWatch<>(TaskSupervisor.STALL_WARN_MS * 1_000_000L);

  /**
   * The latest assignment epoch seen here that placed each task on another worker: a start that
   * began before it may have read a log another incarnation has written since.
   */
  final Map<TaskKey, Long> placedElsewhereAt = new ConcurrentHashMap<>();

  /** Tasks being recovered on a starter thread. */
  final java.util.Set<TaskKey> starting = ConcurrentHashMap.newKeySet();

  /** Set once the job is stopped here; written under this. */
  volatile boolean stopped;

  final DataPlaneOutbound out;
  private final Function<String, InetSocketAddress> workerAddress;
  // Workers swim declared failed: no task sends to them until swim lists them in the group again
  // (a false verdict revived, or the worker restarted). Not lifted by a newer assignment alone:
  // one written for another reason while the worker is still paused would reopen the credit wait.
  private final Set<String> failed = ConcurrentHashMap.newKeySet();
  volatile Assignment assignment = new Assignment(0, Map.of());

  JobRun(
      String id,
      StagePlan plan,
      Function<String, InetSocketAddress> workerAddress,
      DataPlaneConfig netConfig) {
    this.id = id;
    this.spec = plan.job();
    this.plan = plan;
    this.workerAddress = workerAddress;
    this.out =
        new DataPlaneOutbound(
            id,
            t -> {
              Assignment a = assignment;
              String w = a.workers().get(t);
              if (w == null) {
                return null;
              }
              if (failed.contains(w)) {
                return null; // the send fails at once; the resend timer retries once it moved
              }
              return workerAddress.apply(w);
            },
            netConfig);
  }

  /**
   * Swim declared {@code worker} failed: drops the connections to it ({@link DataPlaneOutbound}).
   */
  void disconnectFrom(String worker) {
    // First stop new connections to it (a send in between would open one and wait out the credit
    // wait on a paused receiver), then close the open ones.
    failed.add(worker);
    InetSocketAddress a = workerAddress.apply(worker);
    if (a != null) {
      out.disconnect(a);
    }
  }

  /** Swim lists {@code worker} in the group again: its tasks are sent to as usual. */
  void reconnectTo(String worker) {
    failed.remove(worker);
  }

  /** Stops every task here: {@code clean} flushes and closes, otherwise as a crash would. */
  void stop(boolean clean) {
    synchronized (this) {
      stopped = true;
    }
    for (TaskRunner r : tasks.values()) {
      try {
        if (clean) {
          r.close();
        } else {
          r.abort();
        }
      } catch (IOException | RuntimeException e) {
        log.warn("job {} task {}: stop failed: {}", id, r.key(), e.toString());
      }
    }
    tasks.clear();
    try {
      out.close();
    } catch (IOException e) {
      log.debug("job {}: closing connections: {}", id, e.toString());
    }
  }
}
