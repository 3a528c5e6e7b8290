package org.dsuite.dfs.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one holder of a file does to keep the file on exactly its replicas after a membership change
 * (re-replication after a failure, hand-off after a join, catch-up of a stale copy).
 *
 * <p>Every holder runs this for every file it holds, given the states the current replicas report.
 * Copying is a union of blocks and idempotent, so two holders pushing the same blocks is only
 * wasted bandwidth; to avoid it, a holder skips a push when a replica ranked before it already
 * covers its state (that one pushes instead). A holder that is no longer a replica drops its copy
 * once every replica covers it; a copy that a later generation or tombstone supersedes is dropped
 * by non-replicas and left for the newer holders to overwrite on replicas.
 *
 * @param pushes what to send to which replica, in no particular order
 * @param dropLocal whether the caller may delete its own copy now
 */
public record SyncPlan(List<Push> pushes, boolean dropLocal) {

  /** What to send a replica. */
  public sealed interface Push {
    String peer();
  }

  /** The peer must record the tombstone of generation {@code generation}. */
  public record PushTombstone(String peer, long generation) implements Push {}

  /** The peer must store these blocks (all of them, base first, if {@code replace}). */
  public record PushBlocks(String peer, long generation, boolean replace, List<BlockId> blocks)
      implements Push {
    public PushBlocks {
      blocks = List.copyOf(blocks);
    }
  }

  /**
   * Decides the plan of {@code self}.
   *
   * @param replicas the file's replicas in ring order (may include self)
   * @param mine what self holds
   * @param peers the states the reachable replicas reported (self excluded); an unreachable replica
   *     is missing from the map and is neither pushed to nor relied on
   */
  public static SyncPlan decide(
      String self, List<String> replicas, ReplicaState mine, Map<String, ReplicaState> peers) {
    if (mine instanceof ReplicaState.Absent) {
      return new SyncPlan(List.of(), false);
    }
    boolean iAmReplica = replicas.contains(self);
    for (ReplicaState s : peers.values()) {
      if (s.supersedes(mine)) {
        // My copy is obsolete. A replica waits to be overwritten by the newer holder.
        return new SyncPlan(List.of(), !iAmReplica);
      }
    }
    int myRank = iAmReplica ? replicas.indexOf(self) : replicas.size();
    List<Push> pushes = new ArrayList<>();
    boolean allCover = true;
    for (String peer : replicas) {
      if (peer.equals(self)) {
        continue;
      }
      ReplicaState theirs = peers.get(peer);
      if (theirs == null) {
        allCover = false;
        continue;
      }
      if (theirs.covers(mine)) {
        continue;
      }
      allCover = false;
      if (!earlierReplicaCovers(peer, myRank, replicas, mine, peers)) {
        pushes.add(pushFor(peer, mine, theirs));
      }
    }
    return new SyncPlan(pushes, !iAmReplica && allCover);
  }

  /**
   * The replicas (among those that answered) holding something {@code mine} lacks: a replica must
   * fetch from them before it may serve reads, since they may hold acknowledged appends it missed.
   */
  public static List<String> holdingMore(ReplicaState mine, Map<String, ReplicaState> peers) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, ReplicaState> e : peers.entrySet()) {
      if (!mine.covers(e.getValue())) {
        out.add(e.getKey());
      }
    }
    out.sort(null);
    return out;
  }

  private static boolean earlierReplicaCovers(
      String target,
      int myRank,
      List<String> replicas,
      ReplicaState mine,
      Map<String, ReplicaState> peers) {
    for (int i = 0; i < myRank; i++) {
      String q = replicas.get(i);
      ReplicaState s = peers.get(q);
      if (!q.equals(target) && s != null && s.covers(mine)) {
        return true;
      }
    }
    return false;
  }

  private static Push pushFor(String peer, ReplicaState mine, ReplicaState theirs) {
    if (mine instanceof ReplicaState.Tombstone t) {
      return new PushTombstone(peer, t.generation());
    }
    ReplicaState.Present p = (ReplicaState.Present) mine;
    if (theirs instanceof ReplicaState.Present q && q.generation() == p.generation()) {
      Set<BlockId> have = new HashSet<>(q.blocks());
      List<BlockId> missing = new ArrayList<>();
      for (BlockId id : p.blocks()) {
        if (!have.contains(id)) {
          missing.add(id);
        }
      }
      return new PushBlocks(peer, p.generation(), false, missing);
    }
    return new PushBlocks(peer, p.generation(), true, p.blocks());
  }
}
