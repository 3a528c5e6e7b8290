package org.dsuite.dfs.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.dsuite.dfs.client.HydfsClient;
import org.dsuite.dfs.client.Listings;
import org.dsuite.dfs.testkit.LocalCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Soak only (the build's fault schedules are {@code it.ProcessFaultTest}, with real processes and
 * SIGKILL). Seeded fault schedules on a 5-node in-process cluster, cheap enough to run hundreds:
 * several clients append concurrently while one or two nodes crash (no leave; in-process, so 20
 * schedules fit in the default build) and come back with their stale data under a new member ID.
 * After each schedule, checked against the clients' own records: every acknowledged append is
 * present exactly once, no append appears twice, each client's appends are in its order, and after
 * merge every replica is byte-identical. A failing schedule names its seed; {@code
 * -Dhydfs.fault.seeds=N} runs N schedules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RandomizedFaultTest {
  @TempDir static Path dir;
  LocalCluster cluster;

  @BeforeAll
  void up() {
    cluster = new LocalCluster(dir, 5, LocalCluster.fastConfig());
    cluster.awaitRing(15_000);
  }

  @AfterAll
  void down() {
    cluster.close();
  }

  @Tag("soak")
  @TestFactory
  Stream<DynamicTest> soakSchedules() {
    return IntStream.rangeClosed(1000, 1200)
        .mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> schedule(seed)));
  }

  void schedule(long seed) throws Exception {
    Random rnd = new Random(seed);
    String file = "fault-" + seed;
    try (HydfsClient c = cluster.client()) {
      c.create(file, "BASE\n".getBytes(StandardCharsets.UTF_8));
    }
    int clients = 3;
    int appends = 6;
    Map<String, List<Integer>> acked = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Integer> crashed = new ArrayList<>();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int k = 0; k < clients; k++) {
        String who = "c" + k;
        long pause = rnd.nextInt(40);
        done.add(
            pool.submit(
                () -> {
                  List<Integer> mine = Collections.synchronizedList(new ArrayList<>());
                  acked.put(who, mine);
                  try (HydfsClient c = cluster.client()) {
                    for (int s = 1; s <= appends; s++) {
                      try {
                        c.append(file, (who + " " + s + "\n").getBytes(StandardCharsets.UTF_8));
                        mine.add(s);
                      } catch (java.io.IOException e) {
                        // not acknowledged: may or may not appear, but at most once
                      }
                      Thread.sleep(pause);
                    }
                  }
                  return null;
                }));
      }
      List<Integer> up = new ArrayList<>(List.of(0, 1, 2, 3, 4));
      Collections.shuffle(up, rnd);
      int victims = 1 + rnd.nextInt(2);
      for (int v = 0; v < victims; v++) {
        Thread.sleep(rnd.nextInt(250));
        crashed.add(up.get(v));
        cluster.crash(up.get(v));
      }
      if (rnd.nextBoolean()) {
        Thread.sleep(rnd.nextInt(800));
        int back = crashed.remove(0);
        cluster.restart(back);
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      for (int i : crashed) {
        cluster.restart(i);
      }
    }
    cluster.awaitRing(20_000);
    check(seed, file, acked);
  }

  private void check(long seed, String file, Map<String, List<Integer>> acked) throws Exception {
    try (HydfsClient c = cluster.client()) {
      await("seed " + seed + ": three replicas hold " + file)
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(
              () ->
                  c.ls(file).replicas().stream().filter(r -> r.status().startsWith("holds")).count()
                      == 3);
      await("seed " + seed + ": merge")
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> c.merge(file).startsWith("merged"));
      List<String> contents = new ArrayList<>();
      for (Listings.Replica r : c.ls(file).replicas()) {
        Path out = dir.resolve("check-" + seed + "-" + r.ringId());
        c.getFromReplica(r.address(), file, out);
        contents.add(Files.readString(out));
      }
      assertThat(new HashSet<>(contents))
          .as("seed %d: replicas identical after merge", seed)
          .hasSize(1);
      String[] lines = contents.get(0).split("\n");
      assertThat(lines[0]).isEqualTo("BASE");
      Map<String, Integer> last = new HashMap<>();
      Set<String> seen = new HashSet<>();
      for (int i = 1; i < lines.length; i++) {
        assertThat(seen.add(lines[i])).as("seed %d: duplicate append %s", seed, lines[i]).isTrue();
        String[] p = lines[i].split(" ");
        int s = Integer.parseInt(p[1]);
        assertThat(s)
            .as("seed %d: order of %s", seed, p[0])
            .isGreaterThan(last.getOrDefault(p[0], 0));
        last.put(p[0], s);
      }
      for (Map.Entry<String, List<Integer>> e : acked.entrySet()) {
        for (int s : e.getValue()) {
          assertThat(seen)
              .as("seed %d: acknowledged append lost", seed)
              .contains(e.getKey() + " " + s);
        }
      }
    }
  }
}
