package org.dsuite.cluster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dsuite.common.config.Settings;
import org.junit.jupiter.api.Test;

class BenchPlanTest {
  private static final BenchConfig C =
      BenchConfig.from(Settings.builder().set("bench.failure", "true").build(), Path.of("."));

  @Test
  void everyMeasurementRunsOncePerRepetitionAndEnginesAlternate() {
    Map<String, Integer> firsts = new HashMap<>();
    for (int rep = 1; rep <= C.reps(); rep++) {
      List<RunSpec> runs = BenchPlan.fullSpeed(C, rep);
      // 2 sizes x 2 datasets x 2 apps x 3 engines.
      assertThat(runs).hasSize(24);
      assertThat(runs.stream().map(r -> r.name()).distinct()).hasSize(24);
      for (int i = 0; i < runs.size(); i += 3) {
        firsts.merge(runs.get(i).engine(), 1, Integer::sum);
        // Consecutive runs of one app are the three engines.
        assertThat(runs.subList(i, i + 3).stream().map(RunSpec::engine).distinct()).hasSize(3);
      }
    }
    // No engine always goes first.
    assertThat(firsts.values()).allMatch(n -> n == 8);
  }

  @Test
  void totalCountsEveryPlannedRun() {
    int rate = BenchPlan.rate(C, 1, false).size();
    assertThat(rate).isEqualTo(4);
    assertThat(BenchPlan.rate(C, 1, true)).hasSize(8);
    assertThat(BenchPlan.failure(C)).hasSize(8);
    assertThat(BenchPlan.total(C, false)).isEqualTo(3 * (24 + 4) + 8);
  }

  @Test
  void modesSelectTheKindsOfRun() {
    BenchConfig rateOnly =
        BenchConfig.from(Settings.builder().set("bench.modes", "rate").build(), Path.of("."));
    assertThat(BenchPlan.fullSpeed(rateOnly, 1)).isEmpty();
    assertThat(BenchPlan.rate(rateOnly, 1, true)).hasSize(8);
    assertThat(BenchPlan.failure(rateOnly)).isEmpty();
    BenchConfig failure =
        BenchConfig.from(Settings.builder().set("bench.modes", "failure").build(), Path.of("."));
    assertThat(failure.failure()).isTrue();
    assertThat(BenchPlan.total(failure, true)).isEqualTo(8);
  }
}
