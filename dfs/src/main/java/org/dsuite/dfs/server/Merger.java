package org.dsuite.dfs.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dsuite.dfs.core.BlockId;
import org.dsuite.dfs.core.FileLog;
import org.dsuite.dfs.core.MergeOrder;
import org.dsuite.dfs.core.ReplicaState;
import org.dsuite.dfs.core.RingNode;
import org.dsuite.dfs.rpc.Status;
import org.dsuite.dfs.store.BlockWriter;
import org.dsuite.dfs.store.FileStore;
import org.dsuite.dfs.store.PendingBlock;

/**
 * Merge, run by the file's first successor: it pulls the blocks only other replicas hold (in the
 * order {@link MergeOrder} decides), pushes to each replica the blocks it lacks, then tells every
 * replica the one order. Only metadata is rewritten by the reorder, so replicas become
 * byte-identical without copying data that is already everywhere.
 */
final class Merger {
  private final HydfsNode node;

  Merger(HydfsNode node) {
    this.node = node;
  }

  /** Result of a merge for the user. */
  record Result(Status status, String message) {}

  Result merge(String name) throws IOException {
    long start = System.nanoTime();
    List<RingNode> replicas = node.replicas(name);
    String self = node.selfId();
    FileStore store = node.store();
    FileLog mine = store.log(name).filter(f -> !f.deleted()).orElse(null);
    Map<RingNode, StatReply> others = new HashMap<>();
    for (RingNode r : replicas) {
      if (!r.id().equals(self)) {
        try {
          others.put(r, node.peers().stat(r.address(), name));
        } catch (IOException e) {
          // A merge that skipped a replica would report "identical" while one copy is not: the
          // client retries (by then swim has removed a dead replica, or it answers).
          return new Result(Status.UNAVAILABLE, "replica " + r.id() + " did not answer; retry");
        }
      }
    }
    if (mine == null) {
      mine = fetchWhole(name, others);
      if (mine == null) {
        return new Result(Status.NOT_FOUND, "no such file: " + name);
      }
    }
    long gen = mine.generation();
    List<List<BlockId>> orders = new ArrayList<>();
    Map<BlockId, RingNode> where = new HashMap<>();
    for (Map.Entry<RingNode, StatReply> e : others.entrySet()) {
      if (e.getValue().state() instanceof ReplicaState.Present p && p.generation() == gen) {
        orders.add(p.blocks());
        for (BlockId id : p.blocks()) {
          where.putIfAbsent(id, e.getKey());
        }
      }
    }
    List<BlockId> order = MergeOrder.decide(mine.order(), orders);
    Set<BlockId> missing = new TreeSet<>(BlockId.CLIENT_ORDER);
    for (BlockId id : order) {
      if (!mine.contains(id)) {
        missing.add(id);
      }
    }
    for (BlockId id : missing) {
      pull(name, gen, id, where.get(id));
    }
    if (store.reorder(name, gen, order) != FileStore.WriteResult.APPLIED) {
      return new Result(Status.UNAVAILABLE, "the file changed during the merge; retry");
    }
    for (RingNode r : others.keySet()) {
      if (!node.syncer().pushTo(name, r.address())) {
        return new Result(Status.UNAVAILABLE, "could not update replica " + r.id() + "; retry");
      }
      Status s = node.peers().reorder(r.address(), name, gen, order);
      if (s != Status.OK) {
        return new Result(Status.UNAVAILABLE, r.id() + " answered " + s + " to the reorder");
      }
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    return new Result(
        Status.OK,
        "merged "
            + order.size()
            + " blocks on "
            + (others.size() + 1)
            + " replicas ("
            + missing.size()
            + " pulled) in "
            + ms
            + " ms");
  }

  private void pull(String name, long gen, BlockId id, RingNode from) throws IOException {
    BlockWriter w =
        node.store()
            .newBlock(Math.max(node.config().maxAppendBytes(), node.config().maxFileBytes()));
    try (w) {
      Status s = node.peers().readBlock(from.address(), name, gen, id, w);
      if (s != Status.OK) {
        throw new IOException("could not pull " + id + " from " + from.id() + ": " + s);
      }
      PendingBlock b = w.finish();
      node.store().syncBlock(name, gen, false, id, b);
    }
  }

  /** This primary has no copy (it just joined): have a holder push one first. */
  private FileLog fetchWhole(String name, Map<RingNode, StatReply> others) throws IOException {
    for (Map.Entry<RingNode, StatReply> e : others.entrySet()) {
      if (e.getValue().present()
          && node.peers().push(e.getKey().address(), name, node.selfAddress()) == Status.OK) {
        return node.store().log(name).filter(f -> !f.deleted()).orElse(null);
      }
    }
    return null;
  }
}
