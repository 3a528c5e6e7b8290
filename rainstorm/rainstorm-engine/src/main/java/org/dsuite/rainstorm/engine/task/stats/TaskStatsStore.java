package org.dsuite.rainstorm.engine.task.stats;

import java.util.Map;
import java.util.TreeMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.leader.ZkLayout;

/**
 * Task statistics in ZooKeeper: {@code ROOT/jobs/JOB/stats/STAGE-TASK} ({@link TaskStats}), written
 * by the worker running the task with each progress report, read by the submitter. Never recreates
 * a deleted job's znode.
 */
public final class TaskStatsStore {
  private final CuratorFramework zk;
  private final ZkLayout layout;

  public TaskStatsStore(CuratorFramework zk, ZkLayout layout) {
    this.zk = zk;
    this.layout = layout;
  }

  String dir(String job) {
    return layout.job(job) + "/stats";
  }

  /** The znode of a task's stats. */
  public String path(String job, TaskKey task) {
    return dir(job) + "/" + ZkLayout.checkName(task.toString());
  }

  /** Writes a task's stats; does nothing if the job no longer exists. */
  public void write(String job, TaskKey task, TaskStats s) throws Exception {
    String path = path(job, task);
    byte[] data = s.encode();
    try {
      zk.setData().forPath(path, data);
      return;
    } catch (KeeperException.NoNodeException e) {
      // first report of this task
    }
    try {
      zk.create().forPath(dir(job));
    } catch (KeeperException.NodeExistsException e) {
      // another task created it
    } catch (KeeperException.NoNodeException e) {
      return; // the job is gone
    }
    try {
      zk.create().forPath(path, data);
    } catch (KeeperException.NodeExistsException raced) {
      zk.setData().forPath(path, data);
    }
  }

  /**
   * Like {@link #write} but never throws: stats are for the submitter's summary, and a failure to
   * write them must not hold back the progress report that job completion depends on.
   *
   * @return false if the write failed
   */
  public boolean publish(String job, TaskKey task, TaskStats s) {
    try {
      write(job, task, s);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  /** The latest stats of every task that reported (a malformed entry is skipped). */
  public Map<TaskKey, TaskStats> read(String job) throws Exception {
    Map<TaskKey, TaskStats> out = new TreeMap<>();
    java.util.List<String> tasks;
    try {
      tasks = zk.getChildren().forPath(dir(job));
    } catch (KeeperException.NoNodeException e) {
      return out;
    }
    for (String t : tasks) {
      try {
        out.put(TaskKey.parse(t), TaskStats.decode(zk.getData().forPath(dir(job) + "/" + t)));
      } catch (KeeperException.NoNodeException | IllegalArgumentException e) {
        // deleted meanwhile, or written by an incompatible version: not counted
      }
    }
    return out;
  }
}
