package org.dsuite.spark.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterPathsTest {
  private static final Optional<String> NN = Optional.of("hdfs://127.0.0.1:7091");

  @Test
  void onlyPathsWithoutANameNodeAreResolvedAgainstTheClustersHdfs() {
    assertThat(ClusterPaths.resolve("hdfs:///demo/in", NN))
        .isEqualTo("hdfs://127.0.0.1:7091/demo/in");
    assertThat(ClusterPaths.resolve("hdfs:///demo/in", Optional.of("hdfs://nn:8020/")))
        .isEqualTo("hdfs://nn:8020/demo/in");
    assertThat(ClusterPaths.resolve("hdfs://other:8020/x", NN)).isEqualTo("hdfs://other:8020/x");
    assertThat(ClusterPaths.resolve("/tmp/in", NN)).isEqualTo("/tmp/in");
    assertThat(ClusterPaths.resolve("file:///tmp/in", NN)).isEqualTo("file:///tmp/in");
    assertThat(ClusterPaths.resolve(null, NN)).isNull();
  }

  @Test
  void aPathWithoutANameNodeAndNoClusterIsAClearError() {
    assertThatThrownBy(() -> ClusterPaths.resolve("hdfs:///demo/in", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hdfs:///demo/in")
        .hasMessageContaining("--hdfs");
  }
}
