package org.dsuite.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.dsuite.cluster.launcher.ClusterFile;
import org.dsuite.cluster.launcher.LocalCluster;
import org.dsuite.rainstorm.api.gen.DatasetWriter;
import org.dsuite.rainstorm.api.job.BenchmarkApp;
import org.dsuite.rainstorm.api.job.BenchmarkApps;
import org.dsuite.rainstorm.api.job.Dataset;
import org.dsuite.rainstorm.api.reference.Reference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four node daemons (swim + RainStorm worker, each a leader candidate) with embedded ZooKeeper and
 * HDFS. The stateful App2 runs exactly-once while the node holding the leadership and one more node
 * are SIGKILLed mid-run: a standby leader finishes the job and the final count per key equals an
 * independent reference. The killed nodes, restarted, rejoin the group and report healthy.
 */
class ClusterRainstormTest {
  private static final int ROWS = 100_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private LocalCluster cluster;
  private Process submit;

  @AfterEach
  void stopEverything() throws Exception {
    if (submit != null) {
      submit.destroyForcibly().waitFor();
    }
    if (cluster != null) {
      cluster.stop(l -> {});
      cluster.file().nodes().forEach(n -> n.process().kill());
      if (cluster.file().infra() != null) {
        cluster.file().infra().kill();
      }
    }
  }

  @Test
  void aStandbyLeaderFinishesTheJobExactlyOnceWhenTheLeaderAndAWorkerAreKilled() throws Exception {
    cluster =
        LocalCluster.start(
            dir.resolve("cluster"),
            new LocalCluster.Options(
                true,
                4,
                TestClusters.freeBlock(4),
                1,
                List.of("swim", "rainstorm"),
                Optional.empty(),
                Optional.empty(),
                List.of("-Xmx256m"),
                Duration.ofMinutes(3)),
            line -> {});
    Path data = dir.resolve("traffic.csv");
    try (OutputStream o = Files.newOutputStream(data)) {
      new DatasetWriter(Dataset.TRAFFIC_SIGNS, 7)
          .write(o, ROWS, new PrintStream(OutputStream.nullOutputStream()), ROWS);
    }
    String hdfs = cluster.file().hdfs();
    try (FileSystem fs = FileSystem.newInstance(URI.create(hdfs), new Configuration())) {
      fs.copyFromLocalFile(
          new org.apache.hadoop.fs.Path(data.toUri()),
          new org.apache.hadoop.fs.Path("/in/traffic.csv"));
    }

    BenchmarkApp app = BenchmarkApps.TRAFFIC_APP2;
    String dest = hdfs + "/out/app2.out";
    List<String> args = new ArrayList<>(List.of("submit"));
    args.addAll(app.job(hdfs + "/in/traffic.csv", dest, 3).toArgs());
    // Paced (at least 3 s for 60 K rows) so the kill 1.5 s in lands mid-run: with the filter
    // chained into the sources, an unpaced job can finish first on a quiet machine.
    args.addAll(List.of("--input-rate", "20000"));
    args.addAll(List.of("--zk", cluster.file().zk(), "--quiet-progress"));
    String leader = awaitLeader();
    submit =
        java("org.dsuite.rainstorm.engine.cli.RainstormMain", args)
            .redirectOutput(dir.resolve("submit.out").toFile())
            .redirectError(dir.resolve("submit.err").toFile())
            .start();

    // As in the MP4 demo: kill 1.5 s into the run, here the leader and one more worker.
    await("the job is submitted").atMost(Duration.ofSeconds(60)).until(this::submitted);
    Thread.sleep(1_500); // into the run (a fixed point in the job, not a wait for a condition)
    String other =
        cluster.file().nodes().stream()
            .map(ClusterFile.Node::name)
            .filter(n -> !n.equals(leader))
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(submit.isAlive()).as("the job is still running when its leader dies").isTrue();
    assertThat(runningTasks()).as("nodes' /status lists the job's tasks").isNotEmpty();
    cluster.kill(leader);
    cluster.kill(other);

    assertThat(submit.waitFor(5, TimeUnit.MINUTES)).as("the job finishes").isTrue();
    String err = Files.readString(dir.resolve("submit.err"));
    assertThat(submit.exitValue()).as(err).isZero();
    Map<String, Long> got = Reference.finalCounts(readLines(dest));
    assertThat(got)
        .as("final count per Category, exactly once despite the leader's death")
        .isEqualTo(Reference.run(app, data).finalCounts());

    // The killed nodes come back as new swim members and serve again.
    cluster.restart(leader, Duration.ofMinutes(2));
    cluster.restart(other, Duration.ofMinutes(2));
    String survivor =
        cluster.file().nodes().stream()
            .map(ClusterFile.Node::name)
            .filter(n -> !n.equals(leader) && !n.equals(other))
            .findFirst()
            .orElseThrow();
    await("restarted nodes rejoin")
        .atMost(Duration.ofSeconds(60))
        .until(() -> aliveMembers(survivor) == 4);
    await("exactly one node's /metrics reports the leadership")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                cluster.file().nodes().stream().mapToDouble(n -> leaderGauge(n.name())).sum()
                    == 1.0);
  }

  private List<String> runningTasks() {
    List<String> all = new ArrayList<>();
    for (ClusterFile.Node n : cluster.file().nodes()) {
      status(n.name())
          .path("services")
          .path("rainstorm")
          .path("tasks")
          .forEach(t -> all.add(t.asText()));
    }
    return all;
  }

  private double leaderGauge(String node) {
    try {
      String body =
          TestClusters.httpGet("http://" + cluster.node(node).address("admin") + "/metrics");
      return TestClusters.metric(body, "rainstorm_leader", "");
    } catch (Exception | AssertionError e) {
      return 0;
    }
  }

  /** The node whose worker holds the ZooKeeper leadership, once one does. */
  private String awaitLeader() {
    return await("a leader is elected")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                cluster.file().nodes().stream()
                    .filter(
                        n ->
                            status(n.name())
                                .path("services")
                                .path("rainstorm")
                                .path("leader")
                                .asBoolean())
                    .map(ClusterFile.Node::name)
                    .findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }

  private boolean submitted() throws Exception {
    Path out = dir.resolve("submit.err");
    return Files.exists(out) && Files.readString(out).contains("submitted");
  }

  private long aliveMembers(String node) {
    JsonNode members = status(node).path("services").path("swim").path("members");
    long alive = 0;
    for (JsonNode m : members) {
      if ("ALIVE".equals(m.path("status").asText())) {
        alive++;
      }
    }
    return alive;
  }

  private JsonNode status(String node) {
    try {
      return JSON.readTree(
          TestClusters.httpGet("http://" + cluster.node(node).address("admin") + "/status"));
    } catch (Exception e) {
      return JSON.createObjectNode();
    }
  }

  private static List<String> readLines(String uri) throws Exception {
    try (FileSystem fs = FileSystem.newInstance(URI.create(uri), new Configuration());
        var in = fs.open(new org.apache.hadoop.fs.Path(uri))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  private static ProcessBuilder java(String main, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"), main));
    cmd.addAll(args);
    return new ProcessBuilder(cmd);
  }
}
