package org.dsuite.cluster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dsuite.common.config.Settings;
import org.junit.jupiter.api.Test;

class BenchPlanTest {
  private static final BenchConfig C = config("bench.failure", "true");

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
    // Latency runs: 2 datasets x 2 apps x (both Spark APIs, + RainStorm when it has a rate).
    int rate = BenchPlan.rate(C, 1, false).size();
    assertThat(rate).isEqualTo(8);
    assertThat(BenchPlan.rate(C, 1, true)).hasSize(12);
    assertThat(BenchPlan.rate(C, 1, true))
        .extracting(RunSpec::engine)
        .contains("rainstorm", "spark-structured", "spark-dstream");
    // Failure runs: every engine, DStreams included, once per app at 1 M rows.
    assertThat(BenchPlan.failure(C)).hasSize(12);
    assertThat(BenchPlan.failure(C)).allMatch(r -> r.rows() == 1_000_000);
    assertThat(BenchPlan.failure(C).stream().filter(r -> r.engine().equals("spark-dstream")))
        .hasSize(4);
    assertThat(BenchPlan.total(C, false)).isEqualTo(3 * (24 + 8) + 12);
  }

  @Test
  void modesSelectTheKindsOfRun() {
    BenchConfig rateOnly = config("bench.modes", "rate");
    assertThat(BenchPlan.fullSpeed(rateOnly, 1)).isEmpty();
    assertThat(BenchPlan.rate(rateOnly, 1, true)).hasSize(12);
    assertThat(BenchPlan.failure(rateOnly)).isEmpty();
    BenchConfig failure = config("bench.modes", "failure");
    assertThat(failure.failure()).isTrue();
    assertThat(BenchPlan.total(failure, true)).isEqualTo(12);
  }

  @Test
  void theEstimateGrowsWithRowsRepsAndModes() {
    BenchConfig small = config("bench.sizes", "100K", "bench.reps", "1");
    BenchConfig full = config("bench.sizes", "100K,1M,10M", "bench.failure", "true");
    double smallS = Estimate.total(small, BenchPlan.all(small, true));
    double fullS = Estimate.total(full, BenchPlan.all(full, true));
    // 100K x 1 rep: 12 full-speed + 12 rate runs, tens of minutes at load 15-30, not hours.
    assertThat(smallS).isBetween(10 * 60.0, 60 * 60.0);
    // The full matrix of issue 7 is many hours: the bench must say so before it starts.
    assertThat(fullS).isGreaterThan(10 * smallS);
    assertThat(Estimate.hms(3_725)).isEqualTo("1:02:05");
    assertThat(BenchPlan.all(full, true)).hasSize(BenchPlan.total(full, true));
  }

  @Test
  void theWarmUpIsInTheEstimateOnlyWhenRainstormRuns() {
    BenchConfig with = config("bench.sizes", "1M");
    BenchConfig without = config("bench.sizes", "1M", "bench.rainstorm-warmup-rows", "0");
    BenchConfig sparkOnly = config("bench.sizes", "1M", "bench.engines", "spark-structured");
    // One warm-up job per dataset and app: 4 x (fixed cost + 200 K rows).
    assertThat(Estimate.warmupSeconds(with)).isGreaterThan(4 * 12.0);
    assertThat(Estimate.warmupSeconds(without)).isZero();
    assertThat(Estimate.warmupSeconds(sparkOnly)).isZero();
    assertThat(Estimate.total(with, BenchPlan.all(with, true)))
        .isGreaterThan(Estimate.total(without, BenchPlan.all(without, true)));
  }

  /** A bench configuration with these {@code bench.*} keys set, the rest defaults. */
  private static BenchConfig config(String... keyValues) {
    Settings.Builder b = Settings.builder();
    for (int i = 0; i < keyValues.length; i += 2) {
      b.set(keyValues[i], keyValues[i + 1]);
    }
    return BenchConfig.from(b.build(), Path.of("."));
  }
}
