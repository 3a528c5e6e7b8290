package org.dsuite.rainstorm.engine.leader;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

/**
 * Live workers as ephemeral znodes: a worker's node disappears when its ZooKeeper session ends
 * (process death is noticed within the session timeout). The data is the worker's data-plane
 * address. Once swim's member is available, the leader also takes swim failure events; the registry
 * still serves as the address book.
 */
public final class WorkerRegistry {
  private final CuratorFramework zk;
  private final ZkLayout layout;

  public WorkerRegistry(CuratorFramework zk, ZkLayout layout) {
    this.zk = zk;
    this.layout = layout;
  }

  /** Registers this process as worker {@code id} reachable at {@code dataAddress}. */
  public void register(String id, String dataAddress) throws Exception {
    register(id, dataAddress, Duration.ZERO);
  }

  /**
   * Registers, waiting up to {@code waitForPrevious} for an earlier registration of the same ID to
   * go away: a worker restarted right after a crash finds its old ephemeral znode until the dead
   * process's ZooKeeper session expires. Fails if the ID is still taken after that (another live
   * process uses it).
   */
  public void register(String id, String dataAddress, Duration waitForPrevious) throws Exception {
    long deadline = System.nanoTime() + waitForPrevious.toNanos();
    while (true) {
      try {
        zk.create()
            .creatingParentsIfNeeded()
            .withMode(CreateMode.EPHEMERAL)
            .forPath(layout.worker(id), dataAddress.getBytes(StandardCharsets.UTF_8));
        return;
      } catch (KeeperException.NodeExistsException e) {
        if (System.nanoTime() >= deadline) {
          throw new IllegalStateException(
              "worker " + id + " is already registered (another live process uses that ID)", e);
        }
        Thread.sleep(200);
      }
    }
  }

  /** Live workers and their data-plane addresses, sorted by ID. */
  public Map<String, String> live() throws Exception {
    Map<String, String> out = new TreeMap<>();
    if (zk.checkExists().forPath(layout.workers()) == null) {
      return out;
    }
    for (String id : zk.getChildren().forPath(layout.workers())) {
      try {
        out.put(id, new String(zk.getData().forPath(layout.worker(id)), StandardCharsets.UTF_8));
      } catch (KeeperException.NoNodeException e) {
        // left between the listing and the read
      }
    }
    return out;
  }
}
