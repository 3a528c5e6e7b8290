package org.dsuite.dfs.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dsuite.dfs.client.ClientConfig;
import org.dsuite.dfs.client.HydfsClient;
import org.dsuite.dfs.client.HydfsException;
import org.dsuite.dfs.client.Listings;
import org.dsuite.dfs.testkit.LocalCluster;
import org.dsuite.swim.api.MemberInfo;
import org.dsuite.swim.api.Membership;
import org.dsuite.swim.api.MembershipListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that has just joined coordinates nothing until its view of the ring is confirmed
 * complete. Its real swim member joins a 5-server cluster, but two of the servers are hidden from
 * its HyDFS node (as if gossip had not yet brought them): reads and writes sent to it are refused
 * with a retryable error and change nothing; once the two appear, it confirms its view and serves
 * every file correctly, and its writes reach the three replicas of the whole ring.
 */
class ViewGateTest {
  static final int FILES = 12;

  @TempDir Path dir;
  LocalCluster cluster;

  @AfterEach
  void down() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Swim's membership with some members left out until {@link #reveal()}. */
  static final class Hiding implements Membership {
    private final Membership real;
    private final Set<String> hidden = ConcurrentHashMap.newKeySet();

    Hiding(Membership real, Set<String> hidden) {
      this.real = real;
      this.hidden.addAll(hidden);
    }

    void reveal() {
      hidden.clear();
    }

    @Override
    public MemberInfo self() {
      return real.self();
    }

    @Override
    public List<MemberInfo> members() {
      return real.members().stream().filter(m -> !hidden.contains(m.id().toString())).toList();
    }

    @Override
    public void addListener(MembershipListener listener) {
      real.addListener(listener);
    }

    @Override
    public void removeListener(MembershipListener listener) {
      real.removeListener(listener);
    }
  }

  /** Fast settings with short waits, so a refused operation answers within a second or two. */
  static DfsConfig config() {
    DfsConfig f = LocalCluster.fastConfig();
    return new DfsConfig(
        f.host(),
        f.rpcPort(),
        f.dataDir(),
        f.stateDir(),
        f.localDir(),
        f.replicationFactor(),
        f.minWriteReplicas(),
        f.chunkBytes(),
        f.maxFileBytes(),
        f.maxAppendBytes(),
        f.maxBlocksPerFile(),
        f.maxConnections(),
        f.connectTimeoutMs(),
        f.ioTimeoutMs(),
        1_000,
        1_000,
        f.syncIntervalMs(),
        f.syncDebounceMs(),
        f.scrubIntervalMs());
  }

  static String content(int i) {
    return "file " + i + "\n";
  }

  @Test
  void aServerWithAPartialViewCoordinatesNothingUntilItsViewIsComplete() throws Exception {
    cluster = new LocalCluster(dir, 6, 5, config());
    cluster.awaitRing(15_000);
    try (HydfsClient c = cluster.client()) {
      for (int i = 0; i < FILES; i++) {
        c.create("f" + i, content(i).getBytes(StandardCharsets.UTF_8));
      }
    }
    Set<String> hiddenIds = Set.of(cluster.slot(1).node.selfId(), cluster.slot(2).node.selfId());
    Hiding[] view = new Hiding[1];
    cluster.start(5, m -> view[0] = new Hiding(m, hiddenIds));
    HydfsNode fresh = cluster.slot(5).node;
    await("the new server sees itself and three of the five others")
        .atMost(Duration.ofSeconds(15))
        .until(() -> fresh.ring().size() == 4);
    await("the new server's view stays unconfirmed while two servers are missing from it")
        .during(Duration.ofMillis(1_500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !fresh.viewComplete());

    try (HydfsClient viaFresh =
        new HydfsClient(
            ClientConfig.of(List.of(fresh.address())).withCacheBytes(0).withDeadlineMs(500))) {
      assertThatThrownBy(() -> viaFresh.read("f0"))
          .isInstanceOfSatisfying(
              HydfsException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(HydfsException.Kind.UNAVAILABLE);
                assertThat(e.getMessage()).contains("view of the HyDFS servers is complete");
              });
      assertThatThrownBy(() -> viaFresh.append("f1", "refused\n".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOfSatisfying(
              HydfsException.class,
              e -> assertThat(e.kind()).isEqualTo(HydfsException.Kind.UNAVAILABLE));
    }
    try (HydfsClient c = new HydfsClient(ClientConfig.of(cluster.liveAddresses().subList(0, 5)))) {
      assertThat(new String(c.read("f1"), StandardCharsets.UTF_8))
          .as("the refused append changed nothing")
          .isEqualTo(content(1));
    }

    view[0].reveal();
    fresh.refreshView();
    await("the new server confirms its view once it sees every server")
        .atMost(Duration.ofSeconds(15))
        .until(fresh::viewComplete);
    assertThat(fresh.ring().size()).isEqualTo(6);

    try (HydfsClient viaFresh =
        new HydfsClient(ClientConfig.of(List.of(fresh.address())).withCacheBytes(0))) {
      for (int i = 0; i < FILES; i++) {
        assertThat(new String(viaFresh.read("f" + i), StandardCharsets.UTF_8))
            .as("f%d through the new server", i)
            .isEqualTo(content(i));
      }
      viaFresh.append("f1", "through the new server\n".getBytes(StandardCharsets.UTF_8));
    }
    String expected = content(1) + "through the new server\n";
    try (HydfsClient c = cluster.client()) {
      Listings.FileLocation where = c.ls("f1");
      assertThat(where.replicas()).hasSize(3);
      for (Listings.Replica r : where.replicas()) {
        Path copy = dir.resolve("copy-" + r.address().replace(':', '_'));
        c.getFromReplica(r.address(), "f1", copy);
        assertThat(java.nio.file.Files.readString(copy))
            .as("replica %s of the whole ring holds the append", r.address())
            .isEqualTo(expected);
      }
    }
  }
}
