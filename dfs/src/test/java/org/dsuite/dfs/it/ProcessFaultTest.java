package org.dsuite.dfs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
import org.dsuite.dfs.client.ClientConfig;
import org.dsuite.dfs.client.HydfsClient;
import org.dsuite.dfs.client.Listings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fault schedules on five {@code HydfsServerMain} processes: three clients append
 * concurrently while one or two servers are SIGKILLed and restarted on their old data (under a new
 * swim ID). Every append payload names its client and sequence number, so after each schedule the
 * merged file is checked as a list-append history: every acknowledged append is present, none
 * appears twice, each client's acknowledged appends are in its order, and every replica holds the
 * same bytes. An append that failed may or may not be present (it is indeterminate), but at most
 * once. The processes are reused across schedules (a fresh file each) to keep the build short; a
 * failing schedule names its seed, {@code -Dhydfs.fault.seeds=N} runs N of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessFaultTest {
  static final int SERVERS = 5;
  static final int CLIENTS = 3;
  static final int APPENDS = 4;

  @TempDir static Path dir;
  ProcessCluster cluster;

  @BeforeAll
  void up() throws Exception {
    cluster = new ProcessCluster(dir, SERVERS);
    try {
      cluster.startAll(IntStream.range(0, SERVERS).boxed().toList());
      awaitFullRing();
    } catch (Exception | AssertionError e) {
      cluster.close();
      throw e;
    }
  }

  @AfterAll
  void down() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> twentySeededSchedules() {
    int n = Integer.getInteger("hydfs.fault.seeds", 20);
    return IntStream.rangeClosed(1, n)
        .mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> schedule(seed)));
  }

  @Tag("soak")
  @TestFactory
  Stream<DynamicTest> soakSchedules() {
    return IntStream.rangeClosed(1000, 1100)
        .mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> schedule(seed)));
  }

  private List<String> addresses() {
    return cluster.servers().stream().map(ProcessCluster.Server::address).toList();
  }

  /** A client whose first choice of coordinator is server {@code first}. */
  private HydfsClient client(int first) {
    List<String> all = new ArrayList<>(addresses());
    Collections.rotate(all, -first);
    return new HydfsClient(ClientConfig.of(all));
  }

  /** Every server sees exactly the five live servers (a killed one's old ID has been removed). */
  private void awaitFullRing() {
    await("all servers see " + SERVERS + " members")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () -> {
              for (int i = 0; i < SERVERS; i++) {
                try (HydfsClient c =
                    new HydfsClient(ClientConfig.of(List.of(addresses().get(i))))) {
                  if (c.members().size() != SERVERS) {
                    return false;
                  }
                }
              }
              return true;
            });
  }

  void schedule(long seed) throws Exception {
    Random rnd = new Random(seed);
    String file = "pfault-" + seed;
    try (HydfsClient c = client(rnd.nextInt(SERVERS))) {
      c.create(file, "BASE\n".getBytes(StandardCharsets.UTF_8));
    }
    Map<String, List<Integer>> acked = new ConcurrentHashMap<>();
    List<Integer> down = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int k = 0; k < CLIENTS; k++) {
        String who = "c" + k;
        int first = rnd.nextInt(SERVERS);
        long pauseMs = rnd.nextInt(100);
        List<Integer> mine = Collections.synchronizedList(new ArrayList<>());
        acked.put(who, mine);
        done.add(pool.submit(() -> appendAll(file, who, first, pauseMs, mine)));
      }
      List<Integer> order = new ArrayList<>(IntStream.range(0, SERVERS).boxed().toList());
      Collections.shuffle(order, rnd);
      int victims = 1 + rnd.nextInt(2);
      boolean restartEarly = rnd.nextBoolean();
      for (int v = 0; v < victims; v++) {
        TimeUnit.MILLISECONDS.sleep(rnd.nextInt(300)); // the schedule's timing, not a poll
        cluster.kill(order.get(v));
        down.add(order.get(v));
      }
      if (restartEarly) {
        // A server returns with its stale copy while the appends are still running.
        TimeUnit.MILLISECONDS.sleep(rnd.nextInt(1000));
        cluster.startAll(List.copyOf(down));
        down.clear();
      }
      for (Future<?> f : done) {
        f.get(180, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      if (!down.isEmpty()) {
        cluster.startAll(List.copyOf(down));
      }
    }
    awaitFullRing();
    check(seed, file, acked);
  }

  private Void appendAll(String file, String who, int first, long pauseMs, List<Integer> mine)
      throws InterruptedException {
    try (HydfsClient c = client(first)) {
      for (int s = 1; s <= APPENDS; s++) {
        try {
          c.append(file, (who + " " + s + "\n").getBytes(StandardCharsets.UTF_8));
          mine.add(s);
        } catch (IOException e) {
          // not acknowledged: indeterminate, so it may appear (once) or not
        }
        TimeUnit.MILLISECONDS.sleep(pauseMs); // spreads this client's appends over the faults
      }
    }
    return null;
  }

  private void check(long seed, String file, Map<String, List<Integer>> acked) throws Exception {
    try (HydfsClient c = client(0)) {
      await("seed " + seed + ": three replicas hold " + file)
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(
              () ->
                  c.ls(file).replicas().stream().filter(r -> r.status().startsWith("holds")).count()
                      == 3);
      await("seed " + seed + ": merge")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(() -> c.merge(file).startsWith("merged"));
      List<byte[]> copies = new ArrayList<>();
      for (Listings.Replica r : c.ls(file).replicas()) {
        Path out = dir.resolve("check-" + seed + "-" + r.ringId());
        c.getFromReplica(r.address(), file, out);
        copies.add(Files.readAllBytes(out));
      }
      assertThat(copies).as("seed %d: three replicas", seed).hasSize(3);
      for (byte[] copy : copies) {
        assertThat(copy)
            .as("seed %d: replicas byte-identical after merge", seed)
            .isEqualTo(copies.get(0));
      }
      // A new client (no cache, no writes of its own) reads the same content through any server.
      assertThat(c.read(file)).as("seed %d: read after merge", seed).isEqualTo(copies.get(0));
      checkHistory(seed, new String(copies.get(0), StandardCharsets.UTF_8), acked);
    }
  }

  /** The list-append check against the clients' own records. */
  static void checkHistory(long seed, String content, Map<String, List<Integer>> acked) {
    List<String> lines = content.lines().toList();
    assertThat(lines.get(0)).as("seed %d: base first", seed).isEqualTo("BASE");
    Set<String> seen = new HashSet<>();
    Map<String, List<Integer>> ackedOrder = new ConcurrentHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      assertThat(seen.add(line)).as("seed %d: append %s appears twice", seed, line).isTrue();
      String[] p = line.split(" ");
      assertThat(p).as("seed %d: well-formed append '%s'", seed, line).hasSize(2);
      int s = Integer.parseInt(p[1]);
      if (acked.getOrDefault(p[0], List.of()).contains(s)) {
        ackedOrder.computeIfAbsent(p[0], k -> new ArrayList<>()).add(s);
      }
    }
    for (Map.Entry<String, List<Integer>> e : acked.entrySet()) {
      List<Integer> expected = new ArrayList<>(e.getValue());
      assertThat(ackedOrder.getOrDefault(e.getKey(), List.of()))
          .as("seed %d: %s's acknowledged appends, each once and in its order", seed, e.getKey())
          .containsExactlyElementsOf(expected);
    }
  }
}
