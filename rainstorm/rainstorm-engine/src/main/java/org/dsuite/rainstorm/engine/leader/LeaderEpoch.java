package org.dsuite.rainstorm.engine.leader;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The leader epoch: the version of {@code ROOT/leader-epoch}, which every leader bumps when it
 * takes over. Each write a leader makes to a job (assignment, final state) checks that version in
 * the same ZooKeeper transaction ({@link JobStore#writeAssignment(String, Assignment, int, int)}),
 * so a deposed leader that still believes it leads can no longer change anything once its successor
 * has claimed the next epoch.
 *
 * <p>That is what makes swim-driven takeover safe: a standby removes the latch node of a leader
 * that swim declared failed without waiting for its ZooKeeper session to expire ({@link Leader}).
 * If swim was wrong (the process was only paused), the old leader's next write fails on the epoch
 * check, it notices, and it rejoins the election at the back; two processes never both change a
 * job.
 */
final class LeaderEpoch {
  private final CuratorFramework zk;
  private final String path;

  LeaderEpoch(CuratorFramework zk, ZkLayout layout) {
    this.zk = zk;
    this.path = layout.leaderEpoch();
  }

  /** Bumps the epoch and returns the new one; the caller must be the latch's leader. */
  int claim() throws Exception {
    // One round trip in the usual case (the node exists): this is on a standby's takeover path.
    try {
      return zk.setData().forPath(path, new byte[0]).getVersion();
    } catch (KeeperException.NoNodeException first) {
      try {
        zk.create().creatingParentsIfNeeded().forPath(path, new byte[0]);
      } catch (KeeperException.NodeExistsException ignored) {
        // another leader created it meanwhile
      }
      return zk.setData().forPath(path, new byte[0]).getVersion();
    }
  }

  /** The current epoch (-1 if no leader ever claimed one). */
  int current() throws Exception {
    Stat st = zk.checkExists().forPath(path);
    return st == null ? -1 : st.getVersion();
  }

  String path() {
    return path;
  }
}
