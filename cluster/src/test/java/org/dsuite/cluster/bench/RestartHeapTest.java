package org.dsuite.cluster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dsuite.cluster.bench.measure.JvmFlags;
import org.dsuite.cluster.it.TestClusters;
import org.dsuite.cluster.launcher.LocalCluster;
import org.dsuite.cluster.launcher.ManagedProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node the failure variant killed comes back with the heap it was started with (not a fixed
 * default), as its JVM's command line shows, also when the cluster is re-attached from its
 * cluster.json.
 */
class RestartHeapTest {
  @TempDir Path dir;

  @Test
  void aRestartedNodeKeepsItsJvmFlags() throws Exception {
    LocalCluster cluster =
        LocalCluster.start(
            dir,
            new LocalCluster.Options(
                false,
                1,
                TestClusters.freeBlock(1),
                1,
                List.of(),
                Optional.empty(),
                Optional.empty(),
                List.of("-Xmx97m"),
                Duration.ofMinutes(2)),
            line -> {});
    ManagedProcess after = null;
    try {
      ManagedProcess before = cluster.node("node1").process();
      assertThat(JvmFlags.of(before.pid()).orElseThrow().heapMb()).isEqualTo(97);
      cluster.kill("node1");
      LocalCluster attached = LocalCluster.attach(dir).orElseThrow();
      attached.restart("node1", Duration.ofMinutes(2));
      after = attached.node("node1").process();
      assertThat(after.pid()).isNotEqualTo(before.pid());
      assertThat(JvmFlags.of(after.pid()).orElseThrow().heapMb()).isEqualTo(97);
      assertThat(attached.node("node1").jvmFlags()).containsExactly("-Xmx97m");
      attached.stop(line -> {});
    } finally {
      cluster.stop(line -> {});
      if (after != null) {
        after.kill();
      }
    }
  }
}
