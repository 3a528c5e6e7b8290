package org.dsuite.rainstorm.engine.leader;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The election side of a {@link Leader}: Curator's {@link LeaderLatch} on {@code ROOT/leader}, the
 * {@link LeaderEpoch} a winner claims before it writes anything, and swim-driven eviction.
 *
 * <ul>
 *   <li>When swim declares a candidate failed, every other candidate removes its latch node ({@link
 *       #evict}): a dead leader's successor leads at once instead of when the dead process's
 *       ZooKeeper session expires, and a dead standby cannot inherit the lead.
 *   <li>A winner claims the next epoch and only then runs {@code onLeading}; every leader write
 *       checks that epoch in the same transaction, so a deposed leader cannot change anything.
 *   <li>A candidate whose write was fenced, or whose latch node someone removed (a wrong swim
 *       verdict), rejoins the election at the back ({@link #checkFenced}, {@link
 *       #checkOwnLatchNode}): Curator's latch does not watch its own node.
 * </ul>
 *
 * All callbacks run on the leader's loop thread.
 */
final class LeaderElection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);

  private final CuratorFramework zk;
  private final ZkLayout layout;
  private final String id;
  private final LeaderEpoch leaderEpoch;
  private final ScheduledExecutorService loop;
  private final long retryMs;
  private final Runnable onLeading;
  private final LeaderLatchListener latchListener;
  // The latch's participants (node -> candidate ID), so an eviction on swim's verdict is one delete
  // instead of a listing and a read per participant first (it is on a dead leader's takeover path).
  private final CuratorCache participants;
  private volatile LeaderLatch latch;
  // The epoch this process claimed when it became leader, -1 when it is not leading.
  private volatile int epoch = -1;

  /**
   * @param loop the leader's single thread, where every callback runs
   * @param retryMs how long to wait before claiming the epoch again after a ZooKeeper error
   * @param onLeading run on the loop once this process leads under a claimed epoch
   */
  LeaderElection(
      CuratorFramework zk,
      ZkLayout layout,
      String id,
      ScheduledExecutorService loop,
      long retryMs,
      Runnable onLeading) {
    this.zk = zk;
    this.layout = layout;
    this.id = id;
    this.leaderEpoch = new LeaderEpoch(zk, layout);
    this.loop = loop;
    this.retryMs = retryMs;
    this.onLeading = onLeading;
    this.latchListener =
        new LeaderLatchListener() {
          @Override
          public void isLeader() {
            log.info("{} is now the leader", id);
            if (!loop.isShutdown()) {
              loop.execute(LeaderElection.this::takeOver);
            }
          }

          @Override
          public void notLeader() {
            epoch = -1;
            log.info("{} is no longer the leader", id);
          }
        };
    this.latch = new LeaderLatch(zk, layout.leader(), id);
    this.participants = CuratorCache.build(zk, layout.leader());
  }

  void start() throws Exception {
    participants.start();
    latch.addListener(latchListener);
    latch.start();
  }

  /** Holds the latch and has claimed an epoch. */
  boolean isLeading() {
    return latch.hasLeadership() && epoch >= 0;
  }

  /** The epoch every write of this leader must check, or -1 when not leading. */
  int epoch() {
    return latch.hasLeadership() ? epoch : -1;
  }

  /** On the loop, after winning the latch: claims the next leader epoch, then leads. */
  private void takeOver() {
    if (!latch.hasLeadership()) {
      return;
    }
    try {
      epoch = leaderEpoch.claim();
      log.info("{} leads with leader epoch {}", id, epoch);
      onLeading.run();
    } catch (Exception e) {
      log.warn("cannot claim the leader epoch, retrying: {}", e.toString());
      loop.schedule(this::takeOver, retryMs, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Swim declared {@code worker} failed: removes its latch node. Every candidate that sees the
   * verdict tries; the first delete wins. Safe even if swim was wrong: a new leader claims the next
   * epoch before writing, which fences the old one's writes ({@link LeaderEpoch}).
   */
  void evict(String worker) {
    if (worker.equals(id)) {
      return;
    }
    // The cache knows the dead candidate's node unless it joined just now; then read directly.
    List<String> known =
        participants.stream()
            .filter(d -> d.getData() != null && worker.equals(text(d.getData())))
            .map(ChildData::getPath)
            .toList();
    if (!known.isEmpty()) {
      for (String path : known) {
        try {
          zk.delete().forPath(path);
          log.info("swim declared {} failed: removed its latch node {}", worker, path);
        } catch (KeeperException.NoNodeException e) {
          // another candidate removed it first, or its session ended
        } catch (Exception e) {
          log.warn("could not remove failed candidate {}'s latch node: {}", worker, e.toString());
        }
      }
      return;
    }
    try {
      for (String child : zk.getChildren().forPath(layout.leader())) {
        String path = layout.leader() + "/" + child;
        try {
          String holder = text(zk.getData().forPath(path));
          if (holder.equals(worker)) {
            zk.delete().forPath(path);
            log.info("swim declared {} failed: removed its latch node {}", worker, path);
          }
        } catch (KeeperException.NoNodeException e) {
          // another candidate removed it first, or its session ended
        }
      }
    } catch (Exception e) {
      log.warn("could not remove failed candidate {}'s latch node: {}", worker, e.toString());
    }
  }

  /**
   * A fenced write failed: if a newer leader claimed the epoch, this process no longer leads (its
   * latch node was removed while it was unreachable) and rejoins the election at the back.
   */
  void checkFenced() {
    int mine = epoch;
    try {
      if (mine >= 0 && leaderEpoch.current() != mine) {
        rejoin("deposed: leader epoch " + mine + " is gone");
      }
    } catch (Exception e) {
      log.warn("cannot check the leader epoch: {}", e.toString());
    }
  }

  /**
   * Another candidate removed this one's latch node (swim declared this process failed, wrongly).
   * Curator's {@code LeaderLatch} does not notice: a leader watches no node, a standby only its
   * predecessor. Without this, a wrongly evicted standby would be out of the election for good.
   */
  void checkOwnLatchNode() {
    String ours = latch.getOurPath();
    if (ours == null) {
      return; // still joining
    }
    try {
      if (zk.checkExists().forPath(ours) == null) {
        rejoin("its latch node " + ours + " was removed");
      }
    } catch (Exception e) {
      log.debug("cannot check the latch node: {}", e.toString());
    }
  }

  private void rejoin(String why) throws Exception {
    log.warn("{} rejoins the election: {}", id, why);
    epoch = -1;
    LeaderLatch old = latch;
    latch = new LeaderLatch(zk, layout.leader(), id);
    latch.addListener(latchListener);
    old.close(LeaderLatch.CloseMode.SILENT);
    latch.start();
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws Exception {
    latch.close();
    participants.close();
  }
}
