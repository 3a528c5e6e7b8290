package org.dsuite.dfs.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.dsuite.dfs.client.ClientConfig;
import org.dsuite.dfs.client.HydfsClient;
import org.dsuite.dfs.client.HydfsException;
import org.dsuite.dfs.core.BlockId;
import org.dsuite.dfs.core.RingNode;
import org.dsuite.dfs.rpc.ConnectionPool;
import org.dsuite.dfs.rpc.Status;
import org.dsuite.dfs.testkit.LocalCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule for acknowledging a write when a server's view is incomplete: a create or append is
 * acknowledged only by every replica in the coordinator's view, only when there are at least {@code
 * min(dfs.min-write-replicas, dfs.replication-factor)} of them, and only when each replica's own
 * view places the file on the same replicas.
 */
class WriteQuorumTest {
  @TempDir Path dir;
  LocalCluster cluster;

  @AfterEach
  void down() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** {@link LocalCluster#fastConfig()} with another write minimum and a short write deadline. */
  static DfsConfig config(int minWriteReplicas) {
    DfsConfig f = LocalCluster.fastConfig();
    return new DfsConfig(
        f.host(),
        f.rpcPort(),
        f.dataDir(),
        f.stateDir(),
        f.localDir(),
        f.replicationFactor(),
        minWriteReplicas,
        f.chunkBytes(),
        f.maxFileBytes(),
        f.maxAppendBytes(),
        f.maxBlocksPerFile(),
        f.maxConnections(),
        f.connectTimeoutMs(),
        f.ioTimeoutMs(),
        1_000,
        f.readWaitMs(),
        f.syncIntervalMs(),
        f.syncDebounceMs(),
        f.scrubIntervalMs());
  }

  private HydfsClient quickClient() {
    return new HydfsClient(ClientConfig.of(cluster.liveAddresses()).withDeadlineMs(2_000));
  }

  @Test
  void twoServersDoNotAcknowledgeAWriteThatPromisesThreeCopies() throws Exception {
    cluster = new LocalCluster(dir, 2, config(3));
    cluster.awaitRing(15_000);
    try (HydfsClient c = quickClient()) {
      assertThatThrownBy(() -> c.create("few", "x".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOfSatisfying(
              HydfsException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(HydfsException.Kind.UNAVAILABLE);
                assertThat(e.getMessage()).contains("dfs.min-write-replicas");
              });
      for (int i = 0; i < 2; i++) {
        assertThat(c.store(cluster.slot(i).address()).files()).as("nothing stored").isEmpty();
      }
    }
  }

  @Test
  void aConfiguredLowerMinimumLetsASmallClusterWrite() throws Exception {
    cluster = new LocalCluster(dir, 2, config(2));
    cluster.awaitRing(15_000);
    try (HydfsClient c = quickClient()) {
      c.create("pair", "x".getBytes(StandardCharsets.UTF_8));
      c.append("pair", "y".getBytes(StandardCharsets.UTF_8));
      assertThat(new String(c.read("pair"), StandardCharsets.UTF_8)).isEqualTo("xy");
    }
  }

  @Test
  void afterFailuresLeaveTooFewServersAppendsWaitUntilEnoughAreBack() throws Exception {
    cluster = new LocalCluster(dir, 3, config(3));
    cluster.awaitRing(15_000);
    try (HydfsClient c = quickClient()) {
      c.create("held", "base\n".getBytes(StandardCharsets.UTF_8));
    }
    cluster.crash(2);
    cluster.awaitRing(15_000);
    try (HydfsClient c = quickClient()) {
      assertThatThrownBy(() -> c.append("held", "lonely\n".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(HydfsException.class)
          .hasMessageContaining("dfs.min-write-replicas");
    }
    cluster.restart(2);
    cluster.awaitRing(15_000);
    try (HydfsClient c = cluster.client()) {
      c.append("held", "three again\n".getBytes(StandardCharsets.UTF_8));
      assertThat(new String(c.read("held"), StandardCharsets.UTF_8))
          .isEqualTo("base\nthree again\n");
    }
  }

  @Test
  void aReplicaRefusesAWriteFromACoordinatorWhoseViewDisagrees() throws Exception {
    cluster = new LocalCluster(dir, 4, LocalCluster.fastConfig());
    cluster.awaitRing(15_000);
    try (HydfsClient c = cluster.client()) {
      c.create("viewed", "base".getBytes(StandardCharsets.UTF_8));
    }
    HydfsNode any = cluster.slot(0).node;
    List<RingNode> replicas = any.replicas("viewed");
    List<String> ids = replicas.stream().map(RingNode::id).toList();
    // A coordinator that had not yet learned of one replica would name a different third one.
    String outsider =
        any.ring().nodes().stream()
            .map(RingNode::id)
            .filter(id -> !ids.contains(id))
            .findFirst()
            .orElseThrow();
    List<String> partialView = List.of(ids.get(0), ids.get(1), outsider);
    DfsConfig cfg = LocalCluster.fastConfig();
    try (ConnectionPool pool =
        new ConnectionPool(1_000, 5_000, 5_000, 4, System::currentTimeMillis)) {
      ReplicaClient peer = new ReplicaClient(pool, cfg);
      ReplicaClient.WriteStream refused =
          peer.openAppend(
              replicas.get(0).address(), "viewed", new BlockId("rogue", 1), partialView);
      assertThat(refused.first.status()).isEqualTo(Status.NOT_REPLICA);
      ReplicaClient.WriteStream agreed =
          peer.openAppend(replicas.get(0).address(), "viewed", new BlockId("rogue", 1), ids);
      assertThat(agreed.first.status()).isEqualTo(Status.READY);
      agreed.abort("test");
    }
    try (HydfsClient c = cluster.client()) {
      assertThat(new String(c.read("viewed"), StandardCharsets.UTF_8)).isEqualTo("base");
    }
  }
}
