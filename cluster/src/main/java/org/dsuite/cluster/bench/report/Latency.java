package org.dsuite.cluster.bench.report;

import java.util.List;

/**
 * End-to-end latency of one run: percentiles in milliseconds and a downsampled CDF for the chart.
 *
 * @param method how the samples were taken (e.g. "file arrival -> batch commit")
 * @param cdf points {@code [latencyMs, fraction <= latencyMs]}, ascending
 */
public record Latency(
    String method,
    long count,
    double p50Ms,
    double p95Ms,
    double p99Ms,
    double maxMs,
    List<double[]> cdf) {
  public Latency {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    cdf = cdf == null ? List.of() : List.copyOf(cdf);
  }
}
