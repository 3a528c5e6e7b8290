package org.dsuite.cluster.bench.measure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dsuite.cluster.bench.report.Latency;

/** Latency percentiles by the nearest-rank method, and a downsampled CDF for charts. */
public final class Percentiles {
  private Percentiles() {}

  /**
   * The nearest-rank {@code p}-th percentile (0 < p <= 100) of {@code sorted} (ascending): the
   * smallest value such that at least p % of the values are <= it.
   */
  public static double nearestRank(double[] sorted, double p) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("p must be in (0, 100], got " + p);
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(1, rank) - 1];
  }

  /**
   * Summarises latency samples in ms; each sample can stand for several records ({@code weights},
   * e.g. all rows of one input file share its latency). The CDF has at most {@code points} points.
   */
  public static Latency summarise(String method, double[] latencyMs, long[] weights, int points) {
    if (latencyMs.length != weights.length) {
      throw new IllegalArgumentException("latencies and weights differ in length");
    }
    long total = Arrays.stream(weights).sum();
    if (total == 0) {
      return new Latency(method, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, List.of());
    }
    Integer[] order = new Integer[latencyMs.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(latencyMs[a], latencyMs[b]));
    double[] sorted = new double[order.length];
    long[] cumulative = new long[order.length];
    long acc = 0;
    for (int i = 0; i < order.length; i++) {
      sorted[i] = latencyMs[order[i]];
      acc += weights[order[i]];
      cumulative[i] = acc;
    }
    List<double[]> cdf = new ArrayList<>();
    int step = Math.max(1, sorted.length / Math.max(1, points));
    for (int i = 0; i < sorted.length; i += step) {
      cdf.add(new double[] {sorted[i], cumulative[i] / (double) total});
    }
    cdf.add(new double[] {sorted[sorted.length - 1], 1.0});
    return new Latency(
        method,
        total,
        weighted(sorted, cumulative, total, 50),
        weighted(sorted, cumulative, total, 95),
        weighted(sorted, cumulative, total, 99),
        sorted[sorted.length - 1],
        cdf);
  }

  /**
   * Nearest rank over the weighted samples: the first value whose cumulative weight reaches p %.
   */
  static double weighted(double[] sorted, long[] cumulative, long total, double p) {
    long rank = (long) Math.ceil(p / 100.0 * total);
    for (int i = 0; i < sorted.length; i++) {
      if (cumulative[i] >= Math.max(1, rank)) {
        return sorted[i];
      }
    }
    return sorted[sorted.length - 1];
  }
}
