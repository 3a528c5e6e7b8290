package org.dsuite.rainstorm.engine.leader;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/** Reads and writes jobs, their states and assignments in ZooKeeper ({@link ZkLayout}). */
public final class JobStore {
  private final CuratorFramework zk;
  private final ZkLayout layout;

  public JobStore(CuratorFramework zk, ZkLayout layout) {
    this.zk = zk;
    this.layout = layout;
  }

  public ZkLayout layout() {
    return layout;
  }

  /**
   * Creates a job in state RUNNING, atomically (spec and state in one transaction).
   *
   * @throws IllegalStateException if a job with that ID exists
   */
  public void create(JobRecord job) throws Exception {
    try {
      zk.create().creatingParentsIfNeeded().forPath(layout.jobs());
    } catch (KeeperException.NodeExistsException ignored) {
      // already there
    }
    try {
      zk.transaction()
          .forOperations(
              zk.transactionOp().create().forPath(layout.job(job.id())),
              zk.transactionOp().create().forPath(layout.spec(job.id()), job.encode()),
              zk.transactionOp()
                  .create()
                  .withMode(CreateMode.PERSISTENT)
                  .forPath(layout.state(job.id()), text(JobState.RUNNING.name())));
    } catch (KeeperException.NodeExistsException e) {
      throw new IllegalStateException("job " + job.id() + " already exists", e);
    }
  }

  public List<String> jobIds() throws Exception {
    if (zk.checkExists().forPath(layout.jobs()) == null) {
      return List.of();
    }
    return zk.getChildren().forPath(layout.jobs()).stream().sorted().toList();
  }

  public Optional<JobRecord> job(String id) throws Exception {
    try {
      return Optional.of(JobRecord.decode(id, zk.getData().forPath(layout.spec(id))));
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    }
  }

  public JobState state(String id) throws Exception {
    String s = new String(zk.getData().forPath(layout.state(id)), StandardCharsets.UTF_8);
    int nl = s.indexOf('\n');
    return JobState.valueOf(nl < 0 ? s : s.substring(0, nl));
  }

  /** Sets a job's state (with an optional message line, e.g. why it failed). */
  public void setState(String id, JobState state, String message) throws Exception {
    String s = message == null || message.isEmpty() ? state.name() : state + "\n" + message;
    zk.setData().forPath(layout.state(id), text(s));
  }

  /** The current assignment and its znode version (-1 if none yet). */
  public record Versioned(Optional<Assignment> assignment, int version) {}

  public Versioned assignment(String id) throws Exception {
    Stat st = new Stat();
    try {
      byte[] d = zk.getData().storingStatIn(st).forPath(layout.assignment(id));
      return new Versioned(Optional.of(Assignment.decode(d)), st.getVersion());
    } catch (KeeperException.NoNodeException e) {
      return new Versioned(Optional.empty(), -1);
    }
  }

  /**
   * Writes an assignment if nobody changed it since {@code expectedVersion} was read (-1: it must
   * not exist yet). A leader that lost a race gets false and re-reads.
   */
  public boolean writeAssignment(String id, Assignment a, int expectedVersion) throws Exception {
    try {
      if (expectedVersion < 0) {
        zk.create().forPath(layout.assignment(id), a.encode());
      } else {
        zk.setData().withVersion(expectedVersion).forPath(layout.assignment(id), a.encode());
      }
      return true;
    } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException e) {
      return false;
    }
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
