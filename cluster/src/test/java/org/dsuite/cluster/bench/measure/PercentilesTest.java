package org.dsuite.cluster.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.dsuite.cluster.bench.report.Latency;
import org.junit.jupiter.api.Test;

class PercentilesTest {
  @Test
  void nearestRankMatchesTheTextbookTable() {
    // The worked example of the nearest-rank method (Wikipedia, "Percentile").
    double[] v = {15, 20, 35, 40, 50};
    assertThat(Percentiles.nearestRank(v, 5)).isEqualTo(15);
    assertThat(Percentiles.nearestRank(v, 30)).isEqualTo(20);
    assertThat(Percentiles.nearestRank(v, 40)).isEqualTo(20);
    assertThat(Percentiles.nearestRank(v, 50)).isEqualTo(35);
    assertThat(Percentiles.nearestRank(v, 100)).isEqualTo(50);
    double[] hundred = new double[100];
    Arrays.setAll(hundred, i -> i + 1);
    assertThat(Percentiles.nearestRank(hundred, 50)).isEqualTo(50);
    assertThat(Percentiles.nearestRank(hundred, 95)).isEqualTo(95);
    assertThat(Percentiles.nearestRank(hundred, 99)).isEqualTo(99);
  }

  @Test
  void badArgumentsAreRejected() {
    assertThatThrownBy(() -> Percentiles.nearestRank(new double[0], 50))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Percentiles.nearestRank(new double[] {1}, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void weightedSummaryEqualsTheSummaryOfTheExpandedSamples() {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + rnd.nextInt(30);
      double[] lat = new double[n];
      long[] w = new long[n];
      int total = 0;
      for (int i = 0; i < n; i++) {
        lat[i] = rnd.nextInt(1000);
        w[i] = 1 + rnd.nextInt(20);
        total += (int) w[i];
      }
      // Naive reference: every record as its own sample, sorted.
      double[] expanded = new double[total];
      int k = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < w[i]; j++) {
          expanded[k++] = lat[i];
        }
      }
      Arrays.sort(expanded);
      Latency l = Percentiles.summarise("t", lat, w, 10);
      assertThat(l.count()).isEqualTo(total);
      assertThat(l.p50Ms()).isEqualTo(expanded[(int) Math.ceil(0.50 * total) - 1]);
      assertThat(l.p95Ms()).isEqualTo(expanded[(int) Math.ceil(0.95 * total) - 1]);
      assertThat(l.p99Ms()).isEqualTo(expanded[(int) Math.ceil(0.99 * total) - 1]);
      assertThat(l.maxMs()).isEqualTo(expanded[total - 1]);
      assertThat(l.cdf().get(l.cdf().size() - 1)[1]).isEqualTo(1.0);
    }
  }

  @Test
  void noSamplesGiveAnEmptySummary() {
    Latency l = Percentiles.summarise("t", new double[0], new long[0], 10);
    assertThat(l.count()).isZero();
    assertThat(l.p99Ms()).isNaN();
  }
}
