package org.dsuite.rainstorm.engine.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.dsuite.rainstorm.api.job.BenchmarkApp;
import org.dsuite.rainstorm.api.job.DeliveryMode;
import org.dsuite.rainstorm.api.job.JobSpec;
import org.dsuite.rainstorm.api.reference.Reference;
import org.dsuite.rainstorm.api.reference.ReferenceResult;
import org.dsuite.rainstorm.engine.cli.RainstormMain;
import org.dsuite.rainstorm.engine.leader.Assignment;
import org.dsuite.rainstorm.engine.leader.JobState;
import org.dsuite.rainstorm.engine.leader.JobStore;
import org.dsuite.rainstorm.engine.leader.ZkLayout;

/**
 * One job through {@code rainstorm submit} on a {@link WorkerCluster}, optionally SIGKILLing
 * workers about 1.5 s in; checks that the submitter's stdout and the destination on HDFS equal
 * rainstorm-api's independent {@link Reference} (as a multiset, and in final counts per key).
 */
final class AppRun {
  /** Which workers a run SIGKILLs about 1.5 s in. */
  enum Kill {
    NONE,
    /** Two workers that are not the leader: recovery is swim detection + task restart. */
    TWO_WORKERS,
    /** The leader's worker and one other: the standby leader must take over the job too. */
    LEADER_AND_ANOTHER,
    /**
     * Only the leader, which runs three tasks, not the most: worker 1 (which gets the sink and so
     * the most tasks) is not a leader candidate in this run.
     */
    LEADER,
    /**
     * Not a kill: SIGSTOP the worker running the sink (or, if it leads, another non-leader), let
     * swim declare it failed and its tasks move and make progress elsewhere, then SIGCONT it. The
     * resumed process still believes it runs those tasks (a long GC pause or a stopped VM looks
     * like this); whatever it does then must not change the output.
     */
    PAUSE
  }

  /** What a run measured: job time, and the recovery timeline if workers were killed. */
  record Result(double jobSeconds, RecoveryProbe.Timeline recovery) {}

  private final WorkerCluster c;

  AppRun(WorkerCluster c) {
    this.c = c;
  }

  Result run(BenchmarkApp app, String name, int rows, Kill kill) throws Exception {
    return run(app, name, rows, kill, DeliveryMode.EXACTLY_ONCE);
  }

  /**
   * Runs one app; kills workers mid-run if asked.
   *
   * @return seconds from the job's creation to DONE (ZooKeeper znode times), and the recovery
   */
  Result run(BenchmarkApp app, String name, int rows, Kill kill, DeliveryMode mode)
      throws Exception {
    return run(app, name, rows, kill, mode, 0);
  }

  /**
   * As above, the sources paced at {@code inputRate} records/s in total (0 = unpaced), so a fast
   * job still runs when the kill comes ~1.5 s in.
   */
  Result run(BenchmarkApp app, String name, int rows, Kill kill, DeliveryMode mode, long inputRate)
      throws Exception {
    c.root = "/" + name;
    List<String> input = c.writeInput("/in/" + name + ".csv", rows);
    List<Process> workers = c.startWorkers("/" + name, kill == Kill.LEADER ? Set.of(1) : Set.of());
    JobSpec job =
        app.job(c.hdfs("/in/" + name + ".csv"), c.hdfs("/out/" + name + ".out"), 3)
            .withMode(mode)
            .withInputRate(inputRate);
    List<String> args = new ArrayList<>(List.of("submit"));
    args.addAll(job.toArgs());
    args.addAll(c.zkArgs());
    long t0 = System.nanoTime();
    Process submit = c.java("submit", RainstormMain.class.getName(), args);
    RecoveryProbe.Timeline recovery = kill == Kill.NONE ? null : killMidRun(workers, kill, name);
    boolean ended = submit.waitFor(120, TimeUnit.SECONDS);
    double secs = (System.nanoTime() - t0) / 1e9;
    String diagnosis = "";
    if (!ended) {
      c.dumpThreads(workers, name);
      c.keepFiles();
      diagnosis = StallReport.of(c, new JobStore(c.zk, c.layout()), name);
    }
    String stderr = Files.readString(c.output("submit", "err"));
    assertThat(ended)
        .as(
            "submit ended; stderr (end): %s%nwhat the job waits for (files kept in %s):%n%s",
            stderr.substring(Math.max(0, stderr.length() - 800)), c.tmp, diagnosis)
        .isTrue();
    assertThat(submit.exitValue()).as("submit exit; stderr: %s", stderr).isZero();
    assertThat(stderr).contains("DONE").contains(" in ").contains("/s) out ");
    System.out.printf(
        "%s: %d rows in %.1f s (%.0f rows/s incl. JVM start)%n", name, rows, secs, rows / secs);

    ReferenceResult ref = Reference.run(app.job("/in", "/out", 3), input);
    assertThat(ref.lines()).isNotEmpty();
    List<String> dest = c.readLines("/out/" + name + ".out");
    assertThat(dest).containsExactlyInAnyOrderElementsOf(ref.lines());
    List<String> printed = Files.readAllLines(c.output("submit", "out"));
    assertThat(printed).containsExactlyInAnyOrderElementsOf(ref.lines());
    if (app.stateful()) {
      assertThat(Reference.finalCounts(dest)).isEqualTo(ref.finalCounts());
    }
    ZkLayout layout = c.layout();
    String id = new JobStore(c.zk, layout).jobIds().get(0);
    long created = c.zk.checkExists().forPath(layout.job(id)).getCtime();
    long done = c.zk.checkExists().forPath(layout.state(id)).getMtime();
    return new Result((done - created) / 1000.0, recovery);
  }

  /** The index of the worker running the sink (the last stage), unless it leads. */
  private static int sinkWorkerOrAnother(java.util.Optional<Assignment> a, int leader) {
    int sink =
        a.orElseThrow().workers().entrySet().stream()
            .max(java.util.Map.Entry.comparingByKey())
            .map(e -> Integer.parseInt(e.getValue().substring(1)) - 1)
            .orElseThrow();
    return sink != leader ? sink : (leader + 1) % WorkerCluster.WORKERS;
  }

  /** Sends a signal to a process by PID (no shell; the arguments are ours). */
  private static void signal(Process p, String sig) throws Exception {
    Process kill = new ProcessBuilder("kill", sig, Long.toString(p.pid())).inheritIO().start();
    try {
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).as("kill %s ended", sig).isTrue();
      assertThat(kill.exitValue()).as("kill %s %d", sig, p.pid()).isZero();
    } finally {
      kill.destroyForcibly();
    }
  }

  /** Waits ~1.5 s into the job, SIGKILLs the victims and measures the recovery. */
  private RecoveryProbe.Timeline killMidRun(List<Process> workers, Kill kill, String name)
      throws Exception {
    JobStore store = new JobStore(c.zk, c.layout());
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                store.jobIds().size() == 1
                    && store.assignment(store.jobIds().get(0)).version() >= 0);
    Thread.sleep(1_500); // into the run (a fixed point in the job, not a wait for a condition)
    String id = store.jobIds().get(0);
    assertThat(store.state(id))
        .as("the job still runs when workers die")
        .isEqualTo(JobState.RUNNING);
    String leader = new LeaderLatch(c.zk, c.layout().leader(), "probe").getLeader().getId();
    int first = Integer.parseInt(leader.substring(1)) - 1;
    List<Integer> victims =
        switch (kill) {
          case LEADER_AND_ANOTHER -> List.of(first, (first + 1) % WorkerCluster.WORKERS);
          case LEADER -> List.of(first);
          case PAUSE -> List.of(sinkWorkerOrAnother(store.assignment(id).assignment(), first));
          default ->
              List.of((first + 1) % WorkerCluster.WORKERS, (first + 2) % WorkerCluster.WORKERS);
        };
    Assignment before = store.assignment(id).assignment().orElseThrow();
    List<String> dead = victims.stream().map(v -> "w" + (v + 1)).toList();
    RecoveryProbe probe =
        new RecoveryProbe(
            c, store, id, before, dead, dead.contains(leader), c.hdfs("/out/" + name + ".out"));
    RecoveryProbe.Timeline t;
    if (kill == Kill.PAUSE) {
      Process paused = workers.get(victims.get(0));
      signal(paused, "-STOP");
      JobState atResume;
      try {
        t = probe.measure(name); // the tasks moved and output flows again without it
        atResume = store.state(id);
      } finally {
        signal(paused, "-CONT");
      }
      assertThat(paused.isAlive()).as("the paused worker resumed").isTrue();
      assertThat(atResume)
          .as(
              "the job still runs when the paused worker resumes (else its stale tasks act on nothing)")
          .isEqualTo(JobState.RUNNING);
      // Not a speed target but a liveness bound far above a healthy recovery (~2-4 s here): a
      // sender that kept waiting for credit from the paused worker stalled the job ~30 s (the
      // credit wait) before JobRun.disconnectFrom.
      assertThat(t.flowing())
          .as("output flowing again while the worker is paused, s")
          .isLessThan(20);
    } else {
      for (int v : victims) {
        workers.get(v).destroyForcibly().waitFor();
      }
      t = probe.measure(name);
    }
    if (dead.contains(leader)) {
      assertThat(t.newLeader()).as("a standby claimed the next leader epoch").isPositive();
      String now = new LeaderLatch(c.zk, c.layout().leader(), "probe").getLeader().getId();
      assertThat(dead).as("the new leader is alive").doesNotContain(now);
    }
    return t;
  }
}
