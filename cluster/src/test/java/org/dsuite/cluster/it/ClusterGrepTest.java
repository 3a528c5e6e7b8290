package org.dsuite.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.dsuite.cluster.launcher.ClusterFile;
import org.dsuite.cluster.launcher.LocalCluster;
import org.dsuite.cluster.launcher.ManagedProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A five-node cluster running swim and grep as separate processes: dgrep finds the members through
 * swim, two nodes are SIGKILLed while the query streams, and the query still completes with exactly
 * GNU grep's output for every live node.
 */
class ClusterGrepTest {
  @TempDir Path dir;
  private LocalCluster cluster;
  private final List<ManagedProcess> extra = new ArrayList<>();

  @AfterEach
  void stopEverything() {
    if (cluster != null) {
      cluster.stop(l -> {});
      cluster.file().nodes().forEach(n -> n.process().kill());
    }
    extra.forEach(ManagedProcess::kill);
  }

  @Test
  void queryCompletesWithEveryLiveNodesResultsWhenTwoNodesDieMidQuery() throws Exception {
    cluster = TestClusters.start(dir, 5, List.of("swim", "grep"), "128m");
    Map<String, Path> logs = new HashMap<>();
    for (ClusterFile.Node n : cluster.file().nodes()) {
      Path log = Path.of(n.stateDir(), "logs", "machine.log");
      writeLog(log, n.name().hashCode());
      logs.put(n.address("grep"), log);
    }
    String member = cluster.node("node1").address("grep");
    awaitMembers(cluster.dir(), 5);

    Path outFile = dir.resolve("dgrep.out");
    Path errFile = dir.resolve("dgrep.err");
    Process client =
        dgrepBuilder(List.of("-n", "ERROR", "machine.log", "--member", member))
            .redirectOutput(outFile.toFile())
            .redirectError(errFile.toFile())
            .start();
    Thread.sleep(300); // let the fan-out reach every node, then crash two of them
    cluster.kill("node4");
    cluster.kill("node5");
    assertThat(client.waitFor(2, TimeUnit.MINUTES)).isTrue();
    String out = Files.readString(outFile);
    String err = Files.readString(errFile);
    assertThat(client.exitValue()).as(err).isZero();

    Map<String, List<String>> byHost = new HashMap<>();
    for (String line : out.lines().toList()) {
      String host = line.substring(0, line.indexOf(':', line.indexOf(':') + 1));
      byHost.computeIfAbsent(host, h -> new ArrayList<>()).add(line);
    }
    for (String live : List.of("node1", "node2", "node3")) {
      String host = cluster.node(live).address("grep");
      assertThat(byHost.get(host)).as(live).isEqualTo(gnuGrep(host, logs.get(host)));
    }
    for (String dead : List.of("node4", "node5")) {
      String host = cluster.node(dead).address("grep");
      List<String> expected = gnuGrep(host, logs.get(host));
      List<String> got = byHost.getOrDefault(host, List.of());
      // A node that died mid-stream delivered a prefix of its results, never a wrong line ...
      assertThat(expected.subList(0, got.size())).isEqualTo(got);
      // ... and unless it finished before it died, the summary names it.
      if (got.size() < expected.size()) {
        assertThat(err).contains(host);
      }
    }
    assertThat(err).startsWith("dgrep: ");
  }

  private static void writeLog(Path file, long seed) throws Exception {
    Files.createDirectories(file.getParent());
    Random r = new Random(seed);
    String[] levels = {"INFO", "INFO", "INFO", "WARN", "ERROR", "DEBUG"};
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < 200_000; i++) {
        w.write(
            "2026-11-24T10:00:"
                + (i % 60)
                + " "
                + levels[r.nextInt(levels.length)]
                + " request "
                + Long.toHexString(r.nextLong())
                + " took "
                + r.nextInt(5000)
                + "ms\n");
      }
    }
  }

  /** GNU grep on one node's file, labelled the way dgrep labels it. */
  private static List<String> gnuGrep(String host, Path file) throws Exception {
    Process p =
        new ProcessBuilder("grep", "-n", "ERROR", file.toString())
            .redirectErrorStream(true)
            .start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
      return out.lines().map(l -> host + ":machine.log:" + l).toList();
    } finally {
      p.destroyForcibly().waitFor();
    }
  }

  private static ProcessBuilder dgrepBuilder(List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        List.of("-cp", System.getProperty("java.class.path"), "org.dsuite.grep.client.DgrepMain"));
    cmd.addAll(args);
    return new ProcessBuilder(cmd);
  }

  /**
   * Waits until the grep servers report {@code n} members (swim has converged), asking through
   * dgrep's default: no --hosts or --member, the local cluster found by its cluster.json.
   */
  private static void awaitMembers(Path clusterDir, int n) {
    await("members reach " + n)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> membersSummary(clusterDir).contains(n + " of " + n + " hosts"));
  }

  /** dgrep's stderr summary of a query over the local cluster's member list. */
  private static String membersSummary(Path clusterDir) throws Exception {
    ProcessBuilder b =
        dgrepBuilder(List.of("-c", "x", "no-such-file.log"))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    b.environment().put("DSUITE_CLUSTER_DIR", clusterDir.toString());
    Process p = b.start();
    try {
      p.waitFor(1, TimeUnit.MINUTES);
      return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      p.destroyForcibly().waitFor();
    }
  }
}
