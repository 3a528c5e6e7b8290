package org.dsuite.rainstorm.engine.worker;

import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.leader.TaskProgress;
import org.dsuite.rainstorm.engine.leader.ZkLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ZooKeeper events a worker acts on at once rather than on its next poll: a new assignment or
 * job state (a moved task restarts here without waiting for the poll), and a task's progress report
 * showing a moved task up (local upstream tasks resend to it now). The poll stays as the safety net
 * and as the progress-report clock.
 */
final class JobEvents implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JobEvents.class);

  private final CuratorCache cache;

  /**
   * @param pass runs a pass over every job soon (must not block)
   * @param assigned given a job's new assignment znode data as the event carries it (must not
   *     block); a pass follows it
   */
  JobEvents(
      CuratorFramework zk,
      ZkLayout layout,
      Function<String, JobRun> runs,
      TaskSupervisor supervisor,
      Runnable pass,
      BiConsumer<String, byte[]> assigned) {
    this.cache = CuratorCache.build(zk, layout.jobs());
    cache
        .listenable()
        .addListener(
            CuratorCacheListener.builder()
                .forAll(
                    (type, before, after) -> {
                      var node = after != null ? after : before;
                      String path = node == null ? "" : node.getPath();
                      if (path.endsWith("/assignment") && after != null) {
                        String[] parts = path.split("/");
                        assigned.accept(parts[parts.length - 2], after.getData());
                        pass.run();
                      } else if (path.endsWith("/assignment") || path.endsWith("/state")) {
                        pass.run();
                      } else if (after != null && path.contains("/progress/")) {
                        onProgress(runs, supervisor, path, after.getData());
                      }
                    })
                .build());
  }

  void start() {
    cache.start();
  }

  /** {@code ROOT/jobs/JOB/progress/STAGE-TASK}: tell the supervisor of the job's run here. */
  private static void onProgress(
      Function<String, JobRun> runs, TaskSupervisor supervisor, String path, byte[] data) {
    try {
      String[] parts = path.split("/");
      JobRun run = runs.apply(parts[parts.length - 3]);
      if (run != null && data != null) {
        supervisor.onProgress(
            run, TaskKey.parse(parts[parts.length - 1]), TaskProgress.decode(data));
      }
    } catch (RuntimeException e) {
      log.debug("ignoring progress report {}: {}", path, e.toString());
    }
  }

  @Override
  public void close() {
    cache.close();
  }
}
