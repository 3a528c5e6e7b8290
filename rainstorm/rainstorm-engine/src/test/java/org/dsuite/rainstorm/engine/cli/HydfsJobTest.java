package org.dsuite.rainstorm.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.curator.test.TestingServer;
import org.dsuite.dfs.client.ClientConfig;
import org.dsuite.dfs.client.HydfsClient;
import org.dsuite.rainstorm.api.gen.DatasetWriter;
import org.dsuite.rainstorm.api.job.BenchmarkApps;
import org.dsuite.rainstorm.api.job.Dataset;
import org.dsuite.rainstorm.api.job.JobSpec;
import org.dsuite.rainstorm.api.reference.Reference;
import org.dsuite.rainstorm.api.reference.ReferenceResult;
import org.dsuite.rainstorm.engine.io.HydfsTestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SRC and DEST as plain HyDFS names: App2 reads its input from a real HyDFS node and appends its
 * output there; the HyDFS file and the streamed console output equal the reference.
 */
class HydfsJobTest {
  @TempDir Path dir;

  @Test
  void app2FromAndToHydfs() throws Exception {
    Path local = dir.resolve("in.csv");
    try (OutputStream o = Files.newOutputStream(local)) {
      new DatasetWriter(Dataset.TRAFFIC_SIGNS, 11).write(o, 5_000, null, 0);
    }
    try (TestingServer zk = new TestingServer(true);
        HydfsTestNode node = new HydfsTestNode(dir.resolve("hydfs"));
        HydfsClient client = new HydfsClient(ClientConfig.of(List.of(node.address().toString())));
        InProcessCluster c = new InProcessCluster(zk, "/hydfs", dir, 2)) {
      client.create("traffic.csv", local);
      JobSpec job = BenchmarkApps.TRAFFIC_APP2.job("traffic.csv", "app2.out", 3);
      List<String> args = new ArrayList<>(List.of("submit"));
      args.addAll(job.toArgs());
      args.addAll(List.of("--hydfs", node.address().toString(), "--quiet-progress"));
      InProcessCluster.Run r = c.rainstorm(args);
      assertThat(r.exit()).as(r.stderr()).isZero();

      ReferenceResult ref = Reference.run(job, local);
      assertThat(ref.lines()).isNotEmpty();
      List<String> dest =
          Arrays.asList(new String(client.read("app2.out"), StandardCharsets.UTF_8).split("\n"));
      assertThat(dest).containsExactlyInAnyOrderElementsOf(ref.lines());
      assertThat(Reference.finalCounts(dest)).isEqualTo(Reference.finalCounts(ref.lines()));
      assertThat(r.stdout().split("\n")).containsExactlyInAnyOrderElementsOf(ref.lines());

      // The destination exists now: a second submit is refused and changes nothing.
      InProcessCluster.Run again = c.rainstorm(args);
      assertThat(again.exit()).isEqualTo(2);
      assertThat(again.stderr()).contains("exists");
      assertThat(client.read("app2.out")).hasSize(String.join("\n", dest).length() + 1);
    }
  }
}
