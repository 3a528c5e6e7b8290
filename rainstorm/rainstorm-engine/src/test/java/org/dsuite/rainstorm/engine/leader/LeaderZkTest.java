package org.dsuite.rainstorm.engine.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.dsuite.common.net.HostPort;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.udp.SwimMember;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Election, scheduling and failover against a real in-process ZooKeeper server and real swim
 * members on loopback UDP (one per worker, one per leader candidate).
 */
class LeaderZkTest {
  private static TestingServer zkServer;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final Map<String, CuratorFramework> workerSessions = new HashMap<>();
  private final Map<String, SwimMember> workerMembers = new HashMap<>();
  private SwimMember seed;
  private String root;

  @BeforeAll
  static void startZk() throws Exception {
    zkServer = new TestingServer(true);
  }

  @AfterAll
  static void stopZk() throws Exception {
    zkServer.close();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private CuratorFramework client() {
    CuratorFramework c =
        CuratorFrameworkFactory.builder()
            .connectString(zkServer.getConnectString())
            .sessionTimeoutMs(10_000)
            .connectionTimeoutMs(10_000)
            .retryPolicy(new RetryOneTime(100))
            .build();
    c.start();
    open.add(c);
    return c;
  }

  /** A swim member on a free loopback port that joins through the first member started. */
  private SwimMember member(Map<String, String> metadata) {
    SwimConfig c =
        SwimConfig.local()
            .with(
                b -> {
                  b.seeds = seed == null ? List.of() : List.<HostPort>of(seed.address());
                  b.leaveWaitMs = 0;
                });
    SwimMember m = SwimMember.start(c, metadata);
    open.add(m::kill);
    if (seed == null) {
      seed = m;
    }
    return m;
  }

  private Leader leader(String id) throws Exception {
    return leader(id, member(Map.of()));
  }

  private Leader leader(String id, SwimMember swim) throws Exception {
    Leader l = new Leader(client(), id, new LeaderConfig(root, 200), swim);
    open.add(l);
    l.start();
    return l;
  }

  private void startWorker(String id) throws Exception {
    CuratorFramework c = client();
    new WorkerRegistry(c, new ZkLayout(root))
        .register(id, "127.0.0.1:" + (7000 + id.hashCode() % 100));
    workerSessions.put(id, c);
    workerMembers.put(id, member(SwimWorkers.metadata(id)));
  }

  /** Ends a worker's session and stops its swim member, as its death would. */
  private void killWorker(String id) {
    workerSessions.remove(id).close();
    workerMembers.remove(id).kill();
  }

  private JobStore store() {
    return new JobStore(client(), new ZkLayout(root));
  }

  @Test
  void leaderSpreadsTasksAndStandbyReschedulesAfterFailures() throws Exception {
    root = "/rs-failover";
    for (String w : List.of("w1", "w2", "w3", "w4")) {
      startWorker(w);
    }
    Leader a = leader("leader-a");
    Leader b = leader("leader-b");
    await().atMost(Duration.ofSeconds(30)).until(() -> a.isLeader() ^ b.isLeader());
    Leader first = a.isLeader() ? a : b;
    Leader standby = first == a ? b : a;

    JobStore store = store();
    store.create(new JobRecord("job-1", 3, 3, List.of("filter-contains", "select", "in", "out")));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> store.assignment("job-1").assignment().isPresent());
    Assignment initial = store.assignment("job-1").assignment().orElseThrow();
    assertThat(initial.workers()).hasSize(9);
    assertThat(countPerWorker(initial).values()).containsExactlyInAnyOrder(3, 2, 2, 2);

    first.close();
    open.remove(first);
    await().atMost(Duration.ofSeconds(30)).until(standby::isLeader);
    killWorker("w1");
    killWorker("w3");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Optional<Assignment> now = store.assignment("job-1").assignment();
              return now.isPresent()
                  && !now.get().workers().containsValue("w1")
                  && !now.get().workers().containsValue("w3");
            });
    Assignment after = store.assignment("job-1").assignment().orElseThrow();
    assertThat(after.epoch()).isGreaterThan(initial.epoch());
    assertThat(after.workers().keySet()).isEqualTo(initial.workers().keySet());
    for (Map.Entry<TaskKey, String> e : initial.workers().entrySet()) {
      if (e.getValue().equals("w2") || e.getValue().equals("w4")) {
        assertThat(after.workers().get(e.getKey()))
            .as("task %s stays", e.getKey())
            .isEqualTo(e.getValue());
      }
    }
    assertThat(countPerWorker(after).values()).containsExactlyInAnyOrder(5, 4);
  }

  /**
   * Swim is the failure detector: a worker whose swim member stops (a crash) loses its tasks while
   * its ZooKeeper session is still alive, and a worker registered in ZooKeeper without a swim
   * member never gets any.
   */
  @Test
  void swimFailureMovesTasksBeforeTheZooKeeperSessionEnds() throws Exception {
    root = "/rs-swim";
    for (String w : List.of("w1", "w2", "w3")) {
      startWorker(w);
    }
    CuratorFramework noSwim = client();
    new WorkerRegistry(noSwim, new ZkLayout(root)).register("zk-only", "127.0.0.1:1");
    Leader l = leader("only");
    await().atMost(Duration.ofSeconds(30)).until(l::isLeader);
    JobStore store = store();
    store.create(new JobRecord("job-s", 3, 2, List.of("filter-contains", "select", "in", "out")));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                store.assignment("job-s").assignment().map(a -> a.workers().size()).orElse(0) == 6);
    Assignment initial = store.assignment("job-s").assignment().orElseThrow();
    assertThat(initial.workers().values()).doesNotContain("zk-only").contains("w1", "w2", "w3");

    long t0 = System.nanoTime();
    workerMembers.remove("w2").kill(); // its ZooKeeper session (10 s timeout) stays open
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                !store
                    .assignment("job-s")
                    .assignment()
                    .orElseThrow()
                    .workers()
                    .containsValue("w2"));
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf("swim crash -> tasks moved in %.2f s (ZooKeeper session alive)%n", secs);
    assertThat(workerSessions.get("w2").getZookeeperClient().isConnected()).isTrue();
    Assignment after = store.assignment("job-s").assignment().orElseThrow();
    assertThat(after.workers().values()).doesNotContain("zk-only", "w2");
  }

  /**
   * Swim's verdict on the leader hands the lead over while the old leader's ZooKeeper session is
   * still open (it never expires here: the old leader's process lives on, as a paused one would),
   * and the new leader's epoch fences the old one: a write under the old epoch changes nothing; the
   * old leader then notices it was evicted and rejoins the election behind the new leader.
   */
  @Test
  void swimVerdictOnTheLeaderHandsOverAndTheNewEpochFencesTheOldLeader() throws Exception {
    root = "/rs-takeover";
    for (String w : List.of("w1", "w2")) {
      startWorker(w);
    }
    Map<String, SwimMember> swim = Map.of("la", member(SwimWorkers.metadata("la")));
    Leader a = leader("la", swim.get("la"));
    await().atMost(Duration.ofSeconds(30)).until(a::isLeader);
    Leader b = leader("lb", member(SwimWorkers.metadata("lb")));
    JobStore store = store();
    store.create(new JobRecord("job-t", 2, 2, List.of("filter-contains", "select", "in", "out")));
    await().atMost(Duration.ofSeconds(30)).until(() -> store.assignment("job-t").version() >= 0);
    int oldEpoch = store.leaderEpoch();
    assertThat(store.leaderId()).isEqualTo("la");

    swim.get("la").kill(); // its ZooKeeper session (10 s) stays open and its Leader keeps running
    await().atMost(Duration.ofSeconds(20)).until(b::isLeader);
    assertThat(store.leaderId()).isEqualTo("lb");
    assertThat(store.leaderEpoch()).isGreaterThan(oldEpoch);

    JobStore.Versioned now = store.assignment("job-t");
    Assignment forged = new Assignment(99, Map.of(new TaskKey(0, 0), "w1"));
    assertThat(store.writeAssignment("job-t", forged, now.version(), oldEpoch)).isFalse();
    int stateRead = store.versionedState("job-t").version();
    assertThat(store.finish("job-t", JobState.DONE, "", stateRead, oldEpoch)).isFalse();
    assertThat(store.assignment("job-t")).isEqualTo(now);
    assertThat(store.state("job-t")).isEqualTo(JobState.RUNNING);
    // The new leader's own epoch still writes.
    assertThat(store.finish("job-t", JobState.KILLED, "test", stateRead, store.leaderEpoch()))
        .isTrue();
    // The old leader notices its latch node is gone, stops leading and rejoins as a standby.
    await().atMost(Duration.ofSeconds(20)).until(() -> !a.isLeader());
    org.apache.curator.framework.recipes.leader.LeaderLatch probe =
        new org.apache.curator.framework.recipes.leader.LeaderLatch(
            client(), new ZkLayout(root).leader(), "probe");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> probe.getParticipants().stream().anyMatch(p -> p.getId().equals("la")));
    assertThat(store.leaderId()).isEqualTo("lb");
  }

  @Test
  void finishedJobsAreLeftAloneAndDuplicateJobsRejected() throws Exception {
    root = "/rs-jobs";
    startWorker("w1");
    Leader l = leader("only");
    await().atMost(Duration.ofSeconds(30)).until(l::isLeader);
    JobStore store = store();
    JobRecord job = new JobRecord("job-2", 2, 2, List.of("a", "b"));
    store.create(job);
    assertThatThrownBy(() -> store.create(job)).hasMessageContaining("already exists");
    assertThat(store.job("job-2")).contains(job);
    assertThat(store.jobIds()).containsExactly("job-2");
    await().atMost(Duration.ofSeconds(30)).until(() -> store.assignment("job-2").version() >= 0);

    assertThat(
            store.finish(
                "job-2",
                JobState.KILLED,
                "killed by user",
                store.versionedState("job-2").version()))
        .isTrue();
    assertThat(store.state("job-2")).isEqualTo(JobState.KILLED);
    long before = l.reschedules();
    startWorker("w2"); // would rebalance a running job; a killed one stays as it was
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(() -> l.reschedules() == before);
    assertThat(l.reschedules()).isEqualTo(before);
  }

  /**
   * A worker that swim declared failed and that is back at once (a resumed process) gets no new
   * task until {@code rejoin-settle-ms} after the verdict, then its share again: the leader used to
   * move tasks onto it the moment swim listed it, and off again when its old session expired.
   */
  @Test
  void aWorkerBackAfterAVerdictGetsTasksOnlyOnceItHasStayed() throws Exception {
    root = "/rs-settle";
    for (String w : List.of("w1", "w2", "w3")) {
      startWorker(w);
    }
    SwimMember own = member(Map.of());
    Leader l = new Leader(client(), "only", new LeaderConfig(root, 200, 8_000), own);
    open.add(l);
    l.start();
    await().atMost(Duration.ofSeconds(30)).until(l::isLeader);
    JobStore store = store();
    store.create(new JobRecord("job-s", 3, 3, List.of("filter-contains", "select", "in", "out")));
    await().atMost(Duration.ofSeconds(30)).until(() -> runsOn(store, "job-s", "w2"));

    killWorker("w2");
    // Swim's verdict (not only the lost session) is what starts the settle time.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !runsOn(store, "job-s", "w2") && !SwimWorkers.inGroup(own).contains("w2"));
    long movedOff = System.nanoTime();
    startWorker("w2"); // back at once, as a resumed process would be
    WorkerRegistry registry = new WorkerRegistry(client(), new ZkLayout(root));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> SwimWorkers.inGroup(own).contains("w2") && registry.live().containsKey("w2"));
    assertThat(Duration.ofNanos(System.nanoTime() - movedOff)).isLessThan(Duration.ofSeconds(5));
    // Without the settle time the leader rebalances onto w2 within a pass (200 ms).
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !runsOn(store, "job-s", "w2"));
    await().atMost(Duration.ofSeconds(30)).until(() -> runsOn(store, "job-s", "w2"));
  }

  private static boolean runsOn(JobStore store, String job, String worker) throws Exception {
    return store
        .assignment(job)
        .assignment()
        .map(a -> a.workers().containsValue(worker))
        .orElse(false);
  }

  /**
   * A final state is written once: a user's kill and the leader's completion both write it
   * conditionally on the state they read, so whichever comes second changes nothing (before, a DONE
   * judged from a read taken just before a kill overwrote the KILLED).
   */
  @Test
  void aFinalStateIsNeverOverwritten() throws Exception {
    root = "/rs-final";
    CuratorFramework zk = client();
    ZkLayout layout = new ZkLayout(root);
    JobStore store = new JobStore(zk, layout);
    store.create(new JobRecord("job-f", 2, 1, List.of("a")));
    int epoch = new LeaderEpoch(zk, layout).claim();
    JobStore.VersionedState leaderRead = store.versionedState("job-f");
    JobStore.VersionedState userRead = store.versionedState("job-f");
    assertThat(leaderRead.state()).isEqualTo(JobState.RUNNING);

    assertThat(store.finish("job-f", JobState.KILLED, "killed by user", userRead.version()))
        .isTrue();
    assertThat(store.finish("job-f", JobState.DONE, "", leaderRead.version(), epoch)).isFalse();
    assertThat(store.state("job-f")).isEqualTo(JobState.KILLED);
    assertThat(store.finish("job-f", JobState.FAILED, "late", userRead.version())).isFalse();
    assertThat(store.versionedState("job-f").state()).isEqualTo(JobState.KILLED);
  }

  /**
   * A leader reconciles from its caches ({@link CachedJobs}); what makes a stale cached read
   * harmless is that the assignment write checks, in one transaction, the epoch, the state's
   * version and the assignment's version as read. A write computed from a read taken before the job
   * was killed, or before another assignment, changes nothing.
   */
  @Test
  void anAssignmentWriteFromAStaleReadChangesNothing() throws Exception {
    root = "/rs-stale";
    CuratorFramework zk = client();
    ZkLayout layout = new ZkLayout(root);
    JobStore store = new JobStore(zk, layout);
    store.create(new JobRecord("job-s", 2, 1, List.of("a")));
    int epoch = new LeaderEpoch(zk, layout).claim();
    Assignment first = new Assignment(1, Map.of(new TaskKey(0, 0), "w1", new TaskKey(1, 0), "w1"));
    org.apache.zookeeper.data.Stat st = new org.apache.zookeeper.data.Stat();
    store.state("job-s", st);
    int stateRead = st.getVersion();
    assertThat(store.writeAssignment("job-s", first, -1, epoch, stateRead)).isTrue();
    Assignment second = new Assignment(2, Map.of(new TaskKey(0, 0), "w2", new TaskKey(1, 0), "w1"));

    assertThat(store.finish("job-s", JobState.KILLED, "killed by user", stateRead)).isTrue();
    assertThat(store.writeAssignment("job-s", second, 0, epoch, stateRead)).isFalse();
    assertThat(store.assignment("job-s").assignment()).contains(first);

    store.state("job-s", st);
    Assignment other = new Assignment(2, Map.of(new TaskKey(0, 0), "w3", new TaskKey(1, 0), "w3"));
    assertThat(store.writeAssignment("job-s", other, 0, epoch, st.getVersion())).isTrue();
    assertThat(store.writeAssignment("job-s", second, 0, epoch, st.getVersion())).isFalse();
    assertThat(store.assignment("job-s").assignment()).contains(other);
  }

  @Test
  void assignmentAndJobTextRoundTrip() {
    Assignment a = new Assignment(7, Map.of(new TaskKey(0, 1), "w-1", new TaskKey(2, 0), "w.2"));
    assertThat(Assignment.decode(a.encode())).isEqualTo(a);
    JobRecord j = new JobRecord("j", 3, 3, List.of("op1", "a b", "--param", "op1.value=x=y"));
    assertThat(JobRecord.decode("j", j.encode())).isEqualTo(j);
    assertThatThrownBy(() -> ZkLayout.checkName("../x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Map<String, Integer> countPerWorker(Assignment a) {
    Map<String, Integer> m = new HashMap<>();
    a.workers().values().forEach(w -> m.merge(w, 1, Integer::sum));
    return m;
  }

  @Test
  void aRestartedWorkerWaitsForItsPreviousRegistrationToExpire() throws Exception {
    root = "/rs-restart";
    startWorker("w-restart");
    WorkerRegistry second = new WorkerRegistry(client(), new ZkLayout(root));
    // While the old registration lives, the ID is refused (after the short wait).
    assertThatThrownBy(() -> second.register("w-restart", "127.0.0.1:1", Duration.ofMillis(300)))
        .hasMessageContaining("already registered");
    // The old session ends while the new process waits: the new registration then succeeds.
    Thread ender =
        new Thread(
            () -> {
              try {
                Thread.sleep(500);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              killWorker("w-restart");
            });
    ender.start();
    second.register("w-restart", "127.0.0.1:2", Duration.ofSeconds(20));
    ender.join();
    assertThat(second.live()).containsEntry("w-restart", "127.0.0.1:2");
  }
}
