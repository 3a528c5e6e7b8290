package org.dsuite.dfs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.dsuite.dfs.client.ClientConfig;
import org.dsuite.dfs.client.HydfsClient;
import org.dsuite.dfs.client.Listings;
import org.dsuite.dfs.core.RingHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MP3 demo on five server processes on 127.0.0.1 with real swim membership, driven through the
 * client library and the {@code hydfs} CLI in its own JVM.
 */
class Mp3DemoTest {
  @TempDir Path dir;
  ProcessCluster cluster;

  @AfterEach
  void down() {
    if (cluster != null) {
      cluster.close();
    }
  }

  static HydfsClient client(String... servers) {
    return new HydfsClient(ClientConfig.of(List.of(servers)));
  }

  /** The reference placement: the first three members clockwise from the file's hash. */
  static List<String> expectedReplicas(List<Listings.Member> members, String name) {
    long f = RingHash.of(name);
    List<Listings.Member> sorted = new ArrayList<>(members);
    sorted.sort(
        Comparator.comparingLong(
            (Listings.Member m) -> (Long.parseUnsignedLong(m.ringId(), 16) - f) ^ Long.MIN_VALUE));
    return sorted.subList(0, 3).stream().map(Listings.Member::address).toList();
  }

  @Test
  void theMp3Demo() throws Exception {
    cluster = new ProcessCluster(dir, 5);
    for (int i = 0; i < 5; i++) {
      cluster.start(i);
    }
    String n0 = cluster.server(0).address();
    String n3 = cluster.server(3).address();
    try (HydfsClient c0 = client(n0)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> c0.members().size() == 5);
    }

    // 1. create 5 files from one node, get one from another
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      byte[] data = new byte[100_000 + i];
      new Random(i).nextBytes(data);
      contents.add(data);
      Path local = dir.resolve("local" + i);
      Files.write(local, data);
      ProcessCluster.Result r = cluster.cli("--node", n0, "create", local.toString(), "file" + i);
      assertThat(r.exit()).as(r.err()).isZero();
    }
    ProcessCluster.Result exists =
        cluster.cli("--node", n0, "create", dir.resolve("local0").toString(), "file0");
    assertThat(exists.exit()).isEqualTo(2);
    assertThat(exists.err()).contains("exists");
    Path got = dir.resolve("got2");
    ProcessCluster.Result get = cluster.cli("--node", n3, "get", "file2", got.toString());
    assertThat(get.exit()).as(get.err()).isZero();
    assertThat(Files.readAllBytes(got)).isEqualTo(contents.get(2));
    assertThat(cluster.cli("--node", n3, "get", "nope", got.toString()).exit()).isEqualTo(1);
    // cat prints a file, or a byte range of it
    Path text = dir.resolve("text");
    Files.writeString(text, "hello range world");
    assertThat(cluster.cli("--node", n0, "create", text.toString(), "text").exit()).isZero();
    ProcessCluster.Result slice =
        cluster.cli("--node", n3, "cat", "text", "--offset", "6", "--length", "5");
    assertThat(slice.exit()).as(slice.err()).isZero();
    assertThat(slice.out()).isEqualTo("range");
    ProcessCluster.Result badRange = cluster.cli("--node", n3, "cat", "text", "--offset", "-1");
    assertThat(badRange.exit()).isEqualTo(2);
    assertThat(badRange.err()).contains("--offset");

    // 2. ls / store / list_mem_ids show the right successors
    List<Listings.Member> members;
    try (HydfsClient c = client(n0)) {
      members = c.members();
    }
    ProcessCluster.Result memIds = cluster.cli("--node", n0, "list_mem_ids");
    List<String> ringIds = memIds.out().lines().map(l -> l.split("\\s+")[0]).toList();
    assertThat(ringIds).hasSize(5).isSorted();
    ProcessCluster.Result ls = cluster.cli("--node", n3, "ls", "file1");
    assertThat(ls.exit()).as(ls.err()).isZero();
    assertThat(ls.out()).contains(RingHash.hex(RingHash.of("file1")));
    List<String> expected = expectedReplicas(members, "file1");
    List<String> shown = ls.out().lines().skip(1).map(l -> l.trim().split("\\s+")[0]).toList();
    assertThat(shown).isEqualTo(expected);
    ProcessCluster.Result store = cluster.cli("--node", n3, "store");
    for (int i = 0; i < 5; i++) {
      boolean should = expectedReplicas(members, "file" + i).contains(n3);
      assertThat(store.out().contains("  file" + i + "  "))
          .as("store lists file%d", i)
          .isEqualTo(should);
    }

    // 3. SIGKILL two nodes, one of them a replica of file1 -> everything readable, 3 replicas again
    int replicaIdx = indexOf(expected.get(0));
    int other = (replicaIdx + 1) % 5;
    cluster.kill(replicaIdx);
    cluster.kill(other);
    int survivor = (replicaIdx + 2) % 5;
    try (HydfsClient c = client(cluster.server(survivor).address())) {
      await().atMost(Duration.ofSeconds(30)).until(() -> c.members().size() == 3);
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                for (int i = 0; i < 5; i++) {
                  long holders =
                      c.ls("file" + i).replicas().stream()
                          .filter(r -> r.status().startsWith("holds"))
                          .count();
                  if (holders != 3) {
                    return false;
                  }
                }
                return true;
              });
      for (int i = 0; i < 5; i++) {
        assertThat(c.read("file" + i)).isEqualTo(contents.get(i));
      }
      // 4. two appends in a row from one client, then get shows both, in order
      c.append("file1", "FIRST".getBytes(StandardCharsets.UTF_8));
      c.append("file1", "SECOND".getBytes(StandardCharsets.UTF_8));
      byte[] after = c.read("file1");
      String tail = new String(after, after.length - 11, 11, StandardCharsets.UTF_8);
      assertThat(tail).isEqualTo("FIRSTSECOND");
    }

    // 5. the killed nodes come back (stale data, new IDs); multiappend from 4 nodes, merge,
    //    getfromreplica from every replica -> byte-identical
    cluster.start(replicaIdx);
    cluster.start(other);
    try (HydfsClient c = client(n0.equals(cluster.server(replicaIdx).address()) ? n3 : n0)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> c.members().size() == 5);
    }
    List<String> from = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      StringBuilder part = new StringBuilder();
      for (int line = 1; line <= 200; line++) {
        part.append("node").append(i).append(' ').append(line).append('\n');
      }
      Files.writeString(cluster.server(i).localDir().resolve("part.txt"), part);
      from.add("--from");
      from.add(cluster.server(i).address() + ":part.txt");
    }
    List<String> args = new ArrayList<>(List.of("--node", n3, "multiappend", "file4"));
    args.addAll(from);
    ProcessCluster.Result multi = cluster.cli(args.toArray(String[]::new));
    assertThat(multi.exit()).as(multi.err()).isZero();
    ProcessCluster.Result merge = cluster.cli("--node", n3, "merge", "file4");
    assertThat(merge.exit()).as(merge.err()).isZero();
    try (HydfsClient c = client(n3)) {
      List<Listings.Replica> reps = c.ls("file4").replicas();
      assertThat(reps).hasSize(3);
      List<byte[]> copies = new ArrayList<>();
      for (Listings.Replica r : reps) {
        Path out = dir.resolve("replica-" + r.ringId());
        ProcessCluster.Result g =
            cluster.cli("--node", n3, "getfromreplica", r.address(), "file4", out.toString());
        assertThat(g.exit()).as(g.err()).isZero();
        copies.add(Files.readAllBytes(out));
      }
      assertThat(copies.get(1)).isEqualTo(copies.get(0));
      assertThat(copies.get(2)).isEqualTo(copies.get(0));
      byte[] whole = copies.get(0);
      assertThat(whole.length).isGreaterThan(contents.get(4).length);
      String appended =
          new String(
              whole,
              contents.get(4).length,
              whole.length - contents.get(4).length,
              StandardCharsets.UTF_8);
      for (int i = 0; i < 4; i++) {
        String prefix = "node" + i + " ";
        List<String> mine = appended.lines().filter(l -> l.startsWith(prefix)).toList();
        assertThat(mine).hasSize(200);
        for (int line = 0; line < 200; line++) {
          assertThat(mine.get(line)).isEqualTo(prefix + (line + 1));
        }
      }
    }
  }

  private int indexOf(String address) {
    for (ProcessCluster.Server s : cluster.servers()) {
      if (s.address().equals(address)) {
        return s.index;
      }
    }
    throw new IllegalArgumentException(address);
  }
}
