package org.dsuite.rainstorm.engine.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dsuite.rainstorm.api.job.BenchmarkApp;
import org.dsuite.rainstorm.api.job.BenchmarkApps;
import org.dsuite.rainstorm.api.job.DeliveryMode;
import org.dsuite.rainstorm.engine.cli.RainstormMain;
import org.dsuite.rainstorm.engine.leader.JobState;
import org.dsuite.rainstorm.engine.leader.JobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system in separate processes ({@link WorkerCluster}: ZooKeeper and a MiniDFSCluster in
 * this JVM, three worker JVMs, the {@code rainstorm submit} CLI as a fourth): App1 and App2 equal
 * rainstorm-api's reference, {@code status | list | kill} answer with grep-like exit codes, bad
 * jobs are refused. Failures are in {@link WorkerFailureTest}.
 */
class WorkerProcessTest {
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

  private int cli(String command, String job) {
    List<String> args = new ArrayList<>(List.of(command));
    if (job != null) {
      args.add(job);
    }
    args.addAll(cluster.zkArgs());
    return RainstormMain.commandLine().execute(args.toArray(String[]::new));
  }

  @Test
  void app1AndApp2OnThreeWorkerProcesses() throws Exception {
    AppRun run = new AppRun(cluster);
    run.run(BenchmarkApps.TRAFFIC_APP1, "app1", 20_000, AppRun.Kill.NONE);
    String id = new JobStore(cluster.zk, cluster.layout()).jobIds().get(0);
    assertThat(cli("status", id)).isZero();
    assertThat(cli("status", "no-such-job")).isEqualTo(1);
    assertThat(cli("kill", "no-such-job")).isEqualTo(1);
    assertThat(cli("list", null)).isZero();
    assertThat(cli("kill", id)).as("a DONE job stays DONE").isZero();
    assertThat(new JobStore(cluster.zk, cluster.layout()).state(id)).isEqualTo(JobState.DONE);
    cluster.stopRun();
    run.run(BenchmarkApps.TRAFFIC_APP2, "app2", 20_000, AppRun.Kill.NONE);
  }

  /**
   * End-to-end throughput: App1 and App2 exactly-once, App2 at-least-once, on {@code
   * -Drainstorm.bench.rows} rows (default 200 K), 3 tasks per stage on 3 worker processes; the time
   * is from the job's znode creation to its DONE state. Writes target/engine-bench.md. {@code
   * -Drainstorm.bench.runs=b-app1-eo,b-app1-alo} picks runs; {@code -Drainstorm.test.jvm-args=...}
   * adds worker JVM flags ({name} = w1..w3), e.g. a JFR recording.
   */
  @Tag("soak")
  @Test
  void benchmark() throws Exception {
    int rows = Integer.getInteger("rainstorm.bench.rows", 200_000);
    StringBuilder md =
        new StringBuilder("| app | mode | rows | job s | rows/s |\n|---|---|---|---|---|\n");
    Object[][] runs = {
      {BenchmarkApps.TRAFFIC_APP1, DeliveryMode.EXACTLY_ONCE, "b-app1-eo"},
      {BenchmarkApps.TRAFFIC_APP1, DeliveryMode.AT_LEAST_ONCE, "b-app1-alo"},
      {BenchmarkApps.TRAFFIC_APP2, DeliveryMode.EXACTLY_ONCE, "b-app2-eo"},
      {BenchmarkApps.TRAFFIC_APP2, DeliveryMode.AT_LEAST_ONCE, "b-app2-alo"},
    };
    List<String> only = Arrays.asList(System.getProperty("rainstorm.bench.runs", "").split(","));
    for (Object[] r : runs) {
      if (!only.equals(List.of("")) && !only.contains((String) r[2])) {
        continue;
      }
      BenchmarkApp app = (BenchmarkApp) r[0];
      DeliveryMode mode = (DeliveryMode) r[1];
      double secs =
          new AppRun(cluster).run(app, (String) r[2], rows, AppRun.Kill.NONE, mode).jobSeconds();
      md.append(
          String.format(
              "| %s | %s | %d | %.1f | %.0f |%n", app.id(), mode, rows, secs, rows / secs));
      cluster.stopRun();
    }
    Files.writeString(Path.of("target", "engine-bench.md"), md.toString());
    System.out.println(md);
  }

  @Test
  void submitRefusesBadJobsWithExitCode2(@TempDir Path local) throws Exception {
    Path src = local.resolve("in.csv");
    Files.writeString(src, "a,b\n1,2\n");
    Path existing = local.resolve("out.txt");
    Files.writeString(existing, "x\n");
    String srcUri = src.toUri().toString();
    Map<String, List<String>> bad =
        Map.of(
            "unknown operator",
            List.of(
                "submit",
                "no-such-op",
                "select",
                srcUri,
                local.resolve("o1").toUri().toString(),
                "3"),
            "missing source",
            List.of(
                "submit",
                "filter-contains",
                "select",
                local.resolve("nope.csv").toUri().toString(),
                local.resolve("o2").toUri().toString(),
                "3",
                "--param",
                "op1.pattern=x",
                "--param",
                "op2.columns=a"),
            "existing destination",
            List.of(
                "submit",
                "filter-contains",
                "select",
                srcUri,
                existing.toUri().toString(),
                "3",
                "--param",
                "op1.pattern=x",
                "--param",
                "op2.columns=a"),
            "HyDFS name",
            List.of(
                "submit",
                "filter-contains",
                "select",
                "traffic.csv",
                "app1.out",
                "3",
                "--param",
                "op1.pattern=x",
                "--param",
                "op2.columns=a"));
    bad.forEach(
        (why, args) ->
            assertThat(RainstormMain.commandLine().execute(args.toArray(String[]::new)))
                .as(why)
                .isEqualTo(2));
    assertThat(Files.readString(existing)).isEqualTo("x\n");
    assertThat(local.resolve("o1")).doesNotExist();
  }
}
