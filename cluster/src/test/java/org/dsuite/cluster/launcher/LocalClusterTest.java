package org.dsuite.cluster.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dsuite.cluster.it.TestClusters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/cluster's engine with real processes: infra (ZooKeeper + HDFS) and two node daemons. */
class LocalClusterTest {
  @TempDir Path dir;

  @Test
  void startsKillsRestartsAndStopsEveryProcessByPid() throws Exception {
    LocalCluster.Options o =
        new LocalCluster.Options(
            true,
            2,
            TestClusters.freeBlock(2),
            1,
            List.of(),
            Optional.empty(),
            Optional.empty(),
            List.of("-Xmx128m"),
            Duration.ofMinutes(2));
    List<String> progress = new ArrayList<>();
    LocalCluster cluster = LocalCluster.start(dir, o, progress::add);
    List<ManagedProcess> all = new ArrayList<>();
    try {
      ClusterFile f = LocalCluster.attach(dir).orElseThrow().file();
      assertThat(f.zk()).startsWith("127.0.0.1:");
      assertThat(f.hdfs()).startsWith("hdfs://127.0.0.1:");
      assertThat(f.nodes()).extracting(ClusterFile.Node::name).containsExactly("node1", "node2");
      all.add(f.infra());
      f.nodes().forEach(n -> all.add(n.process()));
      assertThat(all).allMatch(ManagedProcess::alive);
      assertThat(progress).anyMatch(l -> l.startsWith("infrastructure up"));

      ManagedProcess before = cluster.node("node2").process();
      cluster.kill("node2");
      assertThat(before.alive()).isFalse();
      assertThat(cluster.node("node1").process().alive()).isTrue();

      cluster.restart("node2", Duration.ofMinutes(1));
      ManagedProcess after = LocalCluster.attach(dir).orElseThrow().node("node2").process();
      assertThat(after.pid()).isNotEqualTo(before.pid());
      assertThat(after.alive()).isTrue();
      all.add(after);

      assertThat(LocalCluster.anyAlive(f)).isTrue();
    } finally {
      cluster.stop(l -> {});
      for (ManagedProcess p : all) {
        p.kill(); // no-op when stop() worked; never leave a process behind
      }
    }
    assertThat(all).noneMatch(ManagedProcess::alive);
    assertThat(Files.readString(dir.resolve("nodes/node1/logs/node.log")))
        .contains("SIGTERM: stopping node1");
  }

  @Test
  void refusesToStartTwiceOverALiveCluster() throws Exception {
    ClusterFile running =
        new ClusterFile(
            dir.toString(), "zk", "hdfs", ManagedProcess.of(ProcessHandle.current()), List.of());
    running.write(dir);
    LocalCluster.Options o =
        new LocalCluster.Options(
            true,
            1,
            TestClusters.freeBlock(1),
            1,
            List.of(),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Duration.ofSeconds(5));
    try {
      LocalCluster.start(dir, o, l -> {});
      throw new AssertionError("second start over a live cluster must fail");
    } catch (IllegalStateException e) {
      assertThat(e).hasMessageContaining("already running");
    }
  }
}
