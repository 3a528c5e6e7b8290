package org.dsuite.rainstorm.engine.worker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
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

  /** Tasks being recovered on a starter thread. */
  final java.util.Set<TaskKey> starting = ConcurrentHashMap.newKeySet();

  /** Set once the job is stopped here; written under this. */
  volatile boolean stopped;

  final DataPlaneOutbound out;
  volatile Assignment assignment = new Assignment(0, Map.of());

  JobRun(
      String id,
      StagePlan plan,
      Function<String, InetSocketAddress> workerAddress,
      DataPlaneConfig netConfig) {
    this.id = id;
    this.spec = plan.job();
    this.plan = plan;
    this.out =
        new DataPlaneOutbound(
            id,
            t -> {
              String w = assignment.workers().get(t);
              return w == null ? null : workerAddress.apply(w);
            },
            netConfig);
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
