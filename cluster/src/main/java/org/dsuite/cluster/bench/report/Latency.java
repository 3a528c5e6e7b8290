package org.dsuite.cluster.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
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

  /**
   * The {@code latencyMs} object of a {@code rainstorm submit --report} file, read tolerantly; null
   * when absent or empty. The engine gives percentiles only, so the CDF has four points.
   */
  public static Latency fromEngineReport(JsonNode l) {
    if (l == null || l.isMissingNode() || l.path("count").asLong(0) == 0) {
      return null;
    }
    return new Latency(
        "engine report: source read -> sink durable",
        l.path("count").asLong(),
        l.path("p50").asDouble(Double.NaN),
        l.path("p95").asDouble(Double.NaN),
        l.path("p99").asDouble(Double.NaN),
        l.path("max").asDouble(Double.NaN),
        List.of(
            new double[] {l.path("p50").asDouble(), 0.50},
            new double[] {l.path("p95").asDouble(), 0.95},
            new double[] {l.path("p99").asDouble(), 0.99},
            new double[] {l.path("max").asDouble(), 1.0}));
  }
}
