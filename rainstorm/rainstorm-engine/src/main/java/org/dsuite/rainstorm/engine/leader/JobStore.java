package org.dsuite.rainstorm.engine.leader;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.dsuite.rainstorm.engine.core.TaskKey;

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
    return state(id, new Stat());
  }

  /** A job's state, and in {@code stat} the state znode's stat of that same read. */
  public JobState state(String id, Stat stat) throws Exception {
    byte[] raw = zk.getData().storingStatIn(stat).forPath(layout.state(id));
    String s = new String(raw, StandardCharsets.UTF_8);
    int nl = s.indexOf('\n');
    return JobState.valueOf(nl < 0 ? s : s.substring(0, nl));
  }

  /** A job's state and the version of its znode when it was read. */
  public record VersionedState(JobState state, int version) {}

  /** A job's state with its znode version, for a conditional {@link #finish}. */
  public VersionedState versionedState(String id) throws Exception {
    Stat stat = new Stat();
    JobState s = state(id, stat);
    return new VersionedState(s, stat.getVersion());
  }

  /**
   * Moves a job to a final state (with an optional message line, e.g. why it failed) if its state
   * znode is still at {@code stateVersion}: a final state is written at most once, so a user's kill
   * and the leader's completion racing each other cannot overwrite one another (the first wins).
   *
   * @return false if the state changed since it was read (nothing was written)
   */
  public boolean finish(String id, JobState state, String message, int stateVersion)
      throws Exception {
    try {
      zk.setData().withVersion(stateVersion).forPath(layout.state(id), stateText(state, message));
      return true;
    } catch (KeeperException.BadVersionException e) {
      return false;
    }
  }

  /**
   * {@link #finish} while the leader epoch is still {@code leaderEpoch}.
   *
   * @return false if a newer leader claimed the epoch or the state changed since it was read at
   *     {@code stateVersion} (nothing was written)
   */
  public boolean finish(
      String id, JobState state, String message, int stateVersion, int leaderEpoch)
      throws Exception {
    try {
      zk.transaction()
          .forOperations(
              fence(leaderEpoch),
              zk.transactionOp()
                  .setData()
                  .withVersion(stateVersion)
                  .forPath(layout.state(id), stateText(state, message)));
      return true;
    } catch (KeeperException.BadVersionException e) {
      return false;
    }
  }

  private CuratorOp fence(int leaderEpoch) throws Exception {
    return zk.transactionOp().check().withVersion(leaderEpoch).forPath(layout.leaderEpoch());
  }

  private static byte[] stateText(JobState state, String message) {
    return text(message == null || message.isEmpty() ? state.name() : state + "\n" + message);
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
    return writeAssignment(id, a, expectedVersion, -1);
  }

  /**
   * As {@link #writeAssignment(String, Assignment, int)}, and only while the leader epoch is still
   * {@code leaderEpoch} ({@link LeaderEpoch}; -1: unfenced), in one transaction.
   *
   * @return false if the assignment changed meanwhile or a newer leader claimed the epoch
   */
  public boolean writeAssignment(String id, Assignment a, int expectedVersion, int leaderEpoch)
      throws Exception {
    return writeAssignment(id, a, expectedVersion, leaderEpoch, -1);
  }

  /**
   * As {@link #writeAssignment(String, Assignment, int, int)}, and only while the job's state znode
   * still has version {@code stateVersion} (-1: not checked), in the same transaction: a leader
   * that decided from a cached read (a state that may have changed since) writes only if it did
   * not.
   *
   * @return false if the assignment or the state changed meanwhile or a newer leader claimed the
   *     epoch
   */
  public boolean writeAssignment(
      String id, Assignment a, int expectedVersion, int leaderEpoch, int stateVersion)
      throws Exception {
    if (leaderEpoch >= 0) {
      String path = layout.assignment(id);
      CuratorOp write =
          expectedVersion < 0
              ? zk.transactionOp().create().forPath(path, a.encode())
              : zk.transactionOp().setData().withVersion(expectedVersion).forPath(path, a.encode());
      try {
        if (stateVersion >= 0) {
          zk.transaction()
              .forOperations(
                  fence(leaderEpoch),
                  zk.transactionOp().check().withVersion(stateVersion).forPath(layout.state(id)),
                  write);
        } else {
          zk.transaction().forOperations(fence(leaderEpoch), write);
        }
        return true;
      } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException e) {
        return false;
      }
    }
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

  /** Writes a task's progress report (creating its znode on first use). */
  public void writeProgress(String job, TaskKey task, TaskProgress p) throws Exception {
    String path = layout.progress(job, task.toString());
    try {
      zk.setData().forPath(path, p.encode());
    } catch (KeeperException.NoNodeException e) {
      try {
        zk.create().creatingParentsIfNeeded().forPath(path, p.encode());
      } catch (KeeperException.NodeExistsException raced) {
        zk.setData().forPath(path, p.encode());
      }
    }
  }

  /** New content for an existing znode. */
  public record ZnodeWrite(String path, byte[] data) {}

  /**
   * Largest transaction {@link #overwriteAll} sends: ZooKeeper refuses a request over {@code
   * jute.maxbuffer} (1 MB by default) by dropping the connection, which Curator would retry
   * forever; a sink's stats carry a latency histogram of a few KB, so many tasks on one worker
   * could reach it.
   */
  static final int MAX_TRANSACTION_BYTES = 256 * 1024;

  /**
   * Overwrites existing znodes, each group in one transaction with the groups before it as long as
   * the transaction stays under {@link #MAX_TRANSACTION_BYTES}: a worker's periodic progress and
   * stats reports for all its tasks cost one ZooKeeper request (one log append and sync on the
   * server, one round trip) instead of two per task, and a task's stats and progress change
   * together.
   *
   * @return false if some znode does not exist yet (a task's first report: write them one by one,
   *     creating them); the transactions before the one that failed are written
   */
  public boolean overwriteAll(List<List<ZnodeWrite>> groups) throws Exception {
    List<CuratorOp> ops = new java.util.ArrayList<>();
    int bytes = 0;
    for (List<ZnodeWrite> group : groups) {
      int size = 0;
      for (ZnodeWrite w : group) {
        size += w.data().length + w.path().length();
      }
      if (!ops.isEmpty() && bytes + size > MAX_TRANSACTION_BYTES) {
        if (!commit(ops)) {
          return false;
        }
        ops = new java.util.ArrayList<>();
        bytes = 0;
      }
      for (ZnodeWrite w : group) {
        ops.add(zk.transactionOp().setData().forPath(w.path(), w.data()));
      }
      bytes += size;
    }
    return ops.isEmpty() || commit(ops);
  }

  private boolean commit(List<CuratorOp> ops) throws Exception {
    try {
      zk.transaction().forOperations(ops);
      return true;
    } catch (KeeperException.NoNodeException e) {
      return false;
    }
  }

  /** A progress report and its znode version (which grows with every report). */
  public record Report(TaskProgress progress, int version) {}

  /** The latest progress report of every task that reported. */
  public Map<TaskKey, Report> progress(String job) throws Exception {
    Map<TaskKey, Report> out = new TreeMap<>();
    List<String> tasks;
    try {
      tasks = zk.getChildren().forPath(layout.progress(job));
    } catch (KeeperException.NoNodeException e) {
      return out;
    }
    for (String t : tasks) {
      Stat st = new Stat();
      try {
        byte[] d = zk.getData().storingStatIn(st).forPath(layout.progress(job, t));
        out.put(TaskKey.parse(t), new Report(TaskProgress.decode(d), st.getVersion()));
      } catch (KeeperException.NoNodeException e) {
        // deleted between the listing and the read
      }
    }
    return out;
  }

  /** The current leader epoch ({@link LeaderEpoch}), -1 if no leader ever claimed one. */
  public int leaderEpoch() throws Exception {
    return new LeaderEpoch(zk, layout).current();
  }

  /** The ID of the leader candidate holding the latch, or empty if there is none. */
  public String leaderId() throws Exception {
    try {
      return new LeaderLatch(zk, layout.leader(), "probe").getLeader().getId();
    } catch (KeeperException.NoNodeException e) {
      return ""; // no candidate ever joined
    }
  }

  /** The state's message line (e.g. why a job failed), or empty. */
  public String stateMessage(String id) throws Exception {
    String s = new String(zk.getData().forPath(layout.state(id)), StandardCharsets.UTF_8);
    int nl = s.indexOf('\n');
    return nl < 0 ? "" : s.substring(nl + 1);
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
