package org.dsuite.rainstorm.engine.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dsuite.rainstorm.api.job.BenchmarkApps;
import org.dsuite.rainstorm.api.job.DeliveryMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SIGKILLs during a run with real processes ({@link WorkerCluster}, {@link AppRun}): the output
 * still equals rainstorm-api's independent reference, exactly once, and each run's recovery
 * timeline (kill, swim detection, new leader, reassignment, output flowing again) is appended to
 * {@code target/rainstorm-recovery.txt} ({@link RecoveryProbe}).
 */
class WorkerFailureTest {
  /**
   * The kill tests' input rate: at least 3 s for 60 K rows, so the kill ~1.5 s in lands mid-run
   * (with the filter chained into the sources, unpaced jobs can finish first).
   */
  private static final long PACED_RPS = 20_000;

  private static WorkerCluster cluster;

  @BeforeAll
  static void startServices() throws Exception {
    cluster = new WorkerCluster();
  }

  @AfterAll
  static void stopServices() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void stopProcesses() throws Exception {
    cluster.stopRun();
  }

  private static String secs(double s) {
    return Double.isNaN(s) ? "-" : String.format("%.2f", s);
  }

  /** MP4's demo: two workers (not the leader) SIGKILLed ~1.5 s in. */
  @Test
  void app2ExactlyOnceWithTwoWorkersKilled() throws Exception {
    new AppRun(cluster)
        .run(
            BenchmarkApps.TRAFFIC_APP2,
            "app2kill",
            60_000,
            AppRun.Kill.TWO_WORKERS,
            DeliveryMode.EXACTLY_ONCE,
            PACED_RPS);
  }

  /**
   * The leader's worker and another SIGKILLed mid-job: a standby removes the dead leader's latch
   * node on swim's verdict, claims the next leader epoch, takes the running job over from ZooKeeper
   * and reschedules; the output is still exactly once.
   */
  @Test
  void app2ExactlyOnceWithLeaderAndAnotherWorkerKilled() throws Exception {
    new AppRun(cluster)
        .run(
            BenchmarkApps.TRAFFIC_APP2,
            "app2leader",
            60_000,
            AppRun.Kill.LEADER_AND_ANOTHER,
            DeliveryMode.EXACTLY_ONCE,
            PACED_RPS);
  }

  /** Only the leader SIGKILLed mid-job: the standby finishes the job. */
  @Test
  void app1ExactlyOnceWithOnlyTheLeaderKilled() throws Exception {
    new AppRun(cluster)
        .run(
            BenchmarkApps.TRAFFIC_APP1,
            "app1leader",
            60_000,
            AppRun.Kill.LEADER,
            DeliveryMode.EXACTLY_ONCE,
            PACED_RPS);
  }

  /**
   * A worker (the sink's) SIGSTOPped instead of killed, its tasks moved and running elsewhere, then
   * SIGCONTed mid-run: the resumed zombie still holds its tasks' HDFS log segments and the
   * destination open, and must not get anything past the fence that moved them (exactly once). 120
   * K rows at the paced rate so the job is still running when it resumes.
   */
  @Test
  void app2ExactlyOnceWithAWorkerPausedAndResumed() throws Exception {
    new AppRun(cluster)
        .run(
            BenchmarkApps.TRAFFIC_APP2,
            "app2pause",
            240_000, // ~12 s at PACED_RPS: the job still runs when the paused worker resumes
            AppRun.Kill.PAUSE,
            DeliveryMode.EXACTLY_ONCE,
            PACED_RPS);
  }

  /**
   * The recovery benchmark: {@code -Drainstorm.bench.repeats} (default 3) runs each of two workers
   * killed and of the leader killed, App2 on {@code -Drainstorm.bench.rows} (default 60 K) rows;
   * writes the timelines as a table to {@code target/rainstorm-recovery.md}.
   */
  @Tag("soak")
  @Test
  void recoveryBenchmark() throws Exception {
    int repeats = Integer.getInteger("rainstorm.bench.repeats", 3);
    int rows = Integer.getInteger("rainstorm.bench.rows", 60_000);
    StringBuilder md =
        new StringBuilder(
            "| run | killed | swim detection | first verdict | new leader | reassigned | critical"
                + " task | assigned | fenced | log read | segment | started | resumed | flowing"
                + " again | flowing / detection |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    List<Double> ratios = new ArrayList<>();
    for (int i = 1; i <= repeats; i++) {
      for (AppRun.Kill kill : new AppRun.Kill[] {AppRun.Kill.TWO_WORKERS, AppRun.Kill.LEADER}) {
        String name = "rb-" + kill.name().toLowerCase().replace('_', '-') + "-" + i;
        RecoveryProbe.Timeline t =
            new AppRun(cluster).run(BenchmarkApps.TRAFFIC_APP2, name, rows, kill).recovery();
        md.append(
            String.format(
                "| %s | %s | %.2f | %s | %s | %.2f | %s | %s | %s | %s | %s | %s | %s | %.2f |"
                    + " %.2f x |%n",
                name,
                t.dead(),
                t.detection(),
                secs(t.verdict()),
                secs(t.newLeader()),
                t.reassigned(),
                t.critical(),
                secs(t.steps().getOrDefault("assigned", Double.NaN)),
                secs(t.steps().getOrDefault("fenced", Double.NaN)),
                secs(t.steps().getOrDefault("log-read", Double.NaN)),
                secs(t.steps().getOrDefault("segment", Double.NaN)),
                secs(t.steps().getOrDefault("started", Double.NaN)),
                secs(t.steps().getOrDefault("resumed", Double.NaN)),
                t.flowing(),
                t.flowing() / t.detection()));
        ratios.add(t.flowing() / t.detection());
        cluster.stopRun();
      }
    }
    md.append(
        String.format(
            "%nload average at the end: %s; worst ratio %.2f x%n",
            Files.readString(Path.of("/proc/loadavg")).trim(),
            ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN)));
    Files.writeString(Path.of("target", "rainstorm-recovery.md"), md.toString());
    System.out.println(md);
  }
}
