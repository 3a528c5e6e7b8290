package org.dsuite.dfs.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class MergeAndSyncPropertiesTest {
  static final BlockId BASE = new BlockId("creator", 0);

  /** Each replica holds, per client, a prefix of that client's appends, interleaved randomly. */
  static List<List<BlockId>> randomReplicas(Random rnd, int replicas, int clients, int maxSeq) {
    List<List<BlockId>> out = new ArrayList<>();
    for (int r = 0; r < replicas; r++) {
      List<List<BlockId>> perClient = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int len = rnd.nextInt(maxSeq + 1);
        List<BlockId> seqs = new ArrayList<>();
        for (int s = 1; s <= len; s++) {
          seqs.add(new BlockId("c" + c, s));
        }
        perClient.add(seqs);
      }
      List<BlockId> order = new ArrayList<>(List.of(BASE));
      int[] pos = new int[clients];
      while (true) {
        List<Integer> open = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
          if (pos[c] < perClient.get(c).size()) {
            open.add(c);
          }
        }
        if (open.isEmpty()) {
          break;
        }
        int c = open.get(rnd.nextInt(open.size()));
        order.add(perClient.get(c).get(pos[c]++));
      }
      out.add(order);
    }
    return out;
  }

  @Property(tries = 300)
  void mergeOrderHoldsTheUnionAndKeepsEveryClientsOrder(@ForAll long seed) {
    Random rnd = new Random(seed);
    List<List<BlockId>> reps = randomReplicas(rnd, 3, 1 + rnd.nextInt(5), 6);
    List<BlockId> order = MergeOrder.decide(reps.get(0), reps.subList(1, 3));
    Set<BlockId> union = new HashSet<>();
    reps.forEach(union::addAll);
    assertThat(order).doesNotHaveDuplicates();
    assertThat(new HashSet<>(order)).isEqualTo(union);
    assertThat(order.subList(0, reps.get(0).size())).isEqualTo(reps.get(0));
    Map<String, Long> last = new HashMap<>();
    assertThat(order.get(0)).isEqualTo(BASE);
    for (BlockId id : order.subList(1, order.size())) {
      long prev = last.getOrDefault(id.clientId(), 0L);
      assertThat(id.seq()).as("client order of %s", id.clientId()).isEqualTo(prev + 1);
      last.put(id.clientId(), id.seq());
    }
  }

  /**
   * Holders with random block subsets (and some nodes without the file) run sync rounds against the
   * reference outcome: every reachable replica ends with the union, every non-replica drops.
   */
  @Property(tries = 300)
  void syncRoundsConvergeToTheUnionOnExactlyTheReplicas(@ForAll long seed) {
    Random rnd = new Random(seed);
    List<String> nodes = new ArrayList<>(List.of("n0", "n1", "n2", "n3", "n4", "n5"));
    Collections.shuffle(nodes, rnd);
    List<String> replicas = nodes.subList(0, 3);
    List<List<BlockId>> contents = randomReplicas(rnd, nodes.size(), 3, 4);
    Map<String, ReplicaState> state = new HashMap<>();
    Set<BlockId> union = new LinkedHashSet<>();
    for (int i = 0; i < nodes.size(); i++) {
      boolean holds = i == 0 || rnd.nextInt(3) > 0; // at least one holder
      if (holds) {
        state.put(nodes.get(i), new ReplicaState.Present(7, contents.get(i)));
        union.addAll(contents.get(i));
      } else {
        state.put(nodes.get(i), ReplicaState.absent());
      }
    }
    for (int round = 0; round < 4; round++) {
      Map<String, ReplicaState> next = new HashMap<>(state);
      for (String self : nodes) {
        Map<String, ReplicaState> peers = new HashMap<>();
        for (String r : replicas) {
          if (!r.equals(self)) {
            peers.put(r, state.get(r));
          }
        }
        SyncPlan plan = SyncPlan.decide(self, replicas, state.get(self), peers);
        for (SyncPlan.Push p : plan.pushes()) {
          SyncPlan.PushBlocks pb = (SyncPlan.PushBlocks) p;
          List<BlockId> have =
              next.get(p.peer()) instanceof ReplicaState.Present q && !pb.replace()
                  ? new ArrayList<>(q.blocks())
                  : new ArrayList<>();
          for (BlockId id : pb.blocks()) {
            if (!have.contains(id)) {
              have.add(id);
            }
          }
          next.put(p.peer(), new ReplicaState.Present(7, have));
        }
        if (plan.dropLocal()) {
          next.put(self, ReplicaState.absent());
        }
      }
      state = next;
    }
    for (String n : nodes) {
      if (replicas.contains(n)) {
        assertThat(state.get(n)).isInstanceOf(ReplicaState.Present.class);
        assertThat(new HashSet<>(((ReplicaState.Present) state.get(n)).blocks())).isEqualTo(union);
      } else {
        assertThat(state.get(n)).isInstanceOf(ReplicaState.Absent.class);
      }
    }
  }

  @Test
  void aTombstoneWinsOverAnOlderCopyAndIsPropagated() {
    ReplicaState stale = new ReplicaState.Present(5, List.of(BASE));
    ReplicaState tomb = new ReplicaState.Tombstone(5);
    SyncPlan nonReplica = SyncPlan.decide("x", List.of("a", "b", "c"), stale, Map.of("a", tomb));
    assertThat(nonReplica.dropLocal()).isTrue();
    SyncPlan replica = SyncPlan.decide("a", List.of("a", "b", "c"), tomb, Map.of("b", stale));
    assertThat(replica.pushes()).containsExactly(new SyncPlan.PushTombstone("b", 5));
  }

  @Test
  void onlyTheFirstCoveringReplicaPushes() {
    ReplicaState full = new ReplicaState.Present(1, List.of(BASE, new BlockId("c", 1)));
    Map<String, ReplicaState> seen = Map.of("a", full, "b", full, "c", ReplicaState.absent());
    assertThat(SyncPlan.decide("b", List.of("a", "b", "c"), full, seen).pushes()).isEmpty();
    assertThat(SyncPlan.decide("a", List.of("a", "b", "c"), full, seen).pushes())
        .containsExactly(
            new SyncPlan.PushBlocks(
                "c", 1, true, full instanceof ReplicaState.Present p ? p.blocks() : List.of()));
  }

  @Test
  void appendChecksKeepEachClientsOrderAndDropRetries() {
    FileLog log = FileLog.created("f", 1, new BlockMeta(BASE, 1, 0, 1));
    assertThat(log.checkAppend(new BlockId("c", 1))).isEqualTo(AppendCheck.APPLY);
    assertThat(log.checkAppend(new BlockId("c", 2))).isEqualTo(AppendCheck.GAP);
    log = log.withBlock(new BlockMeta(new BlockId("c", 1), 1, 0, 2));
    assertThat(log.checkAppend(new BlockId("c", 1))).isEqualTo(AppendCheck.DUPLICATE);
    assertThat(log.checkAppend(new BlockId("c", 2))).isEqualTo(AppendCheck.APPLY);
    long v1 = log.version();
    log = log.withBlock(new BlockMeta(new BlockId("d", 1), 1, 0, 3));
    assertThat(log.version()).isNotEqualTo(v1);
    FileLog swapped = log.reordered(List.of(BASE, new BlockId("d", 1), new BlockId("c", 1)));
    assertThat(swapped.version()).isNotEqualTo(log.version());
    assertThat(swapped.order()).containsExactly(BASE, new BlockId("d", 1), new BlockId("c", 1));
  }
}
