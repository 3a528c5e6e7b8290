package org.dsuite.cluster.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dsuite.common.config.ConfigException;
import org.dsuite.common.config.Settings;
import org.junit.jupiter.api.Test;

class BenchConfigTest {
  private static BenchConfig of(Map<String, String> kv) {
    Settings.Builder b = Settings.builder();
    kv.forEach(b::set);
    return BenchConfig.from(b.build(), Path.of("/home"));
  }

  @Test
  void defaultsAreTheQuickMatrix() {
    BenchConfig c = of(Map.of());
    assertThat(c.sizes()).containsExactly(100_000L, 1_000_000L);
    assertThat(c.reps()).isEqualTo(3);
    assertThat(c.engines()).containsExactly("rainstorm", "spark-structured", "spark-dstream");
    assertThat(c.outDir()).isEqualTo(Path.of("/home/state/bench"));
    assertThat(c.clusterDir()).isEmpty();
    assertThat(c.workerHeapMb() * c.nodes()).isLessThanOrEqualTo(c.heapMb());
    assertThat(c.warmupRows()).isEqualTo(200_000L);
  }

  @Test
  void sizesTakeSuffixes() {
    assertThat(of(Map.of("bench.sizes", "2500,100k,10M")).sizes())
        .containsExactly(2_500L, 100_000L, 10_000_000L);
  }

  @Test
  void badValuesNameTheirKey() {
    for (Map.Entry<String, String> bad :
        List.of(
            Map.entry("bench.sizes", "lots"),
            Map.entry("bench.reps", "0"),
            Map.entry("bench.engines", "flink"),
            Map.entry("bench.apps", "app3"),
            Map.entry("bench.nodes", "2"),
            Map.entry("bench.input-rate", "-5"),
            Map.entry("bench.rainstorm-warmup-rows", "-1"))) {
      assertThatThrownBy(() -> of(Map.of(bad.getKey(), bad.getValue())))
          .as(bad.toString())
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(bad.getKey());
    }
  }
}
