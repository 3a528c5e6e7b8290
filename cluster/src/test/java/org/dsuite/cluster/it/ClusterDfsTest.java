package org.dsuite.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dsuite.cluster.launcher.ClusterFile;
import org.dsuite.cluster.launcher.LocalCluster;
import org.dsuite.dfs.client.ClientConfig;
import org.dsuite.dfs.client.HydfsClient;
import org.dsuite.dfs.client.Listings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Five node daemons running swim and HyDFS as separate processes. Two nodes holding the file are
 * SIGKILLed while a client appends: no acknowledged append is lost or doubled, the client's order
 * holds, the file is back on three live replicas and, after merge, every replica is byte-identical.
 */
class ClusterDfsTest {
  private static final int APPENDS = 120;

  @TempDir Path dir;
  private LocalCluster cluster;

  @AfterEach
  void stopEverything() {
    if (cluster != null) {
      cluster.stop(l -> {});
      cluster.file().nodes().forEach(n -> n.process().kill());
    }
  }

  @Test
  void noAcknowledgedAppendIsLostWhenTwoReplicasDieMidStream() throws Exception {
    cluster = TestClusters.start(dir, 5, List.of("swim", "dfs"), "192m");
    Map<String, String> nodeByDfs = new HashMap<>();
    for (ClusterFile.Node n : cluster.file().nodes()) {
      nodeByDfs.put(n.address("dfs"), n.name());
    }
    List<String> servers = cluster.file().nodes().stream().map(n -> n.address("dfs")).toList();

    try (HydfsClient client = new HydfsClient(ClientConfig.of(servers))) {
      awaitRing(client, 5);
      client.create("orders.log", "header\n".getBytes(StandardCharsets.UTF_8));
      Listings.FileLocation before = client.ls("orders.log");
      // Kill two of the file's replicas, but never the client's first contact (node1).
      List<String> victims =
          before.replicas().stream()
              .map(r -> nodeByDfs.get(r.address()))
              .filter(n -> !n.equals("node1"))
              .limit(2)
              .toList();
      assertThat(victims).hasSize(2);

      List<Integer> acked = new ArrayList<>();
      for (int seq = 0; seq < APPENDS; seq++) {
        if (seq == APPENDS / 3) {
          victims.forEach(cluster::kill);
        }
        byte[] record = ("order " + seq + "\n").getBytes(StandardCharsets.UTF_8);
        if (appendWithRetry(client, record)) {
          acked.add(seq);
        }
      }
      assertThat(acked)
          .as("appends acknowledged despite two crashes")
          .hasSizeGreaterThan(APPENDS / 2);

      client.merge("orders.log");
      List<Listings.Replica> holders = awaitThreeHolders(client);
      List<byte[]> copies = new ArrayList<>();
      for (Listings.Replica r : holders) {
        Path local = dir.resolve("copy-" + r.address().replace(':', '_'));
        client.getFromReplica(r.address(), "orders.log", local);
        copies.add(Files.readAllBytes(local));
      }
      for (byte[] copy : copies) {
        assertThat(copy).as("replicas identical after merge").isEqualTo(copies.get(0));
      }

      List<String> lines = new String(copies.get(0), StandardCharsets.UTF_8).lines().toList();
      assertThat(lines.get(0)).isEqualTo("header");
      List<Integer> seen =
          lines.subList(1, lines.size()).stream()
              .map(l -> Integer.parseInt(l.substring(6)))
              .toList();
      assertThat(seen).as("each record at most once").doesNotHaveDuplicates();
      assertThat(seen).as("every acknowledged append present").containsAll(acked);
      assertThat(seen).as("the client's order").isSorted();

      // A killed node restarted with its old data directory rejoins (under a new swim ID) and
      // serves; its stale pre-crash copy is brought up to date or dropped, and until then it never
      // serves it: a new client reading through it at once gets the merged content.
      String back = victims.get(0);
      cluster.restart(back, Duration.ofMinutes(1));
      awaitRing(client, 4);
      String backAddress = cluster.node(back).address("dfs");
      Path viaRestarted = dir.resolve("via-restarted");
      try (HydfsClient viaBack = new HydfsClient(ClientConfig.of(List.of(backAddress)))) {
        viaBack.get("orders.log", viaRestarted);
        assertThat(Files.readAllBytes(viaRestarted))
            .as("read through the restarted node")
            .isEqualTo(copies.get(0));
      }

      // What an operator's dashboard shows: node1 saw both crashes, and its view and ring hold
      // the four live nodes.
      String admin = cluster.node("node1").address("admin");
      await("node1's metrics show the failures and the four live nodes")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                String metrics = TestClusters.httpGet("http://" + admin + "/metrics");
                assertThat(TestClusters.metric(metrics, "swim_events_total", "event=\"fail\""))
                    .isGreaterThanOrEqualTo(2.0);
                assertThat(TestClusters.metric(metrics, "swim_members", "status=\"alive\""))
                    .isEqualTo(4.0);
                assertThat(TestClusters.metric(metrics, "dfs_ring_size", "")).isEqualTo(4.0);
                JsonNode status =
                    new ObjectMapper()
                        .readTree(TestClusters.httpGet("http://" + admin + "/status"));
                JsonNode dfs = status.path("services").path("dfs");
                assertThat(dfs.path("ring")).as("the ring in /status").hasSize(4);
                assertThat(dfs.path("files").isArray()).as("files held, listed").isTrue();
              });
    }
  }

  /**
   * Retries like a user would; an append that never got an acknowledgement may still appear once.
   */
  private static boolean appendWithRetry(HydfsClient client, byte[] record)
      throws InterruptedException {
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        client.append("orders.log", record);
        return true;
      } catch (Exception e) {
        Thread.sleep(500);
      }
    }
    return false;
  }

  private static void awaitRing(HydfsClient client, int size) {
    await("ring reaches " + size + " members")
        .atMost(Duration.ofSeconds(60))
        .until(() -> client.members().size() == size);
  }

  private static List<Listings.Replica> awaitThreeHolders(HydfsClient client) {
    return await("back at three live replicas")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                client.ls("orders.log").replicas().stream()
                    .filter(r -> r.status().startsWith("holds"))
                    .toList(),
            holding -> holding.size() == 3);
  }
}
