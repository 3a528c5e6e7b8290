package org.dsuite.cluster.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
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
   * when absent or empty. The CDF is the report's {@code cdf} points ({@code [ms, fraction]},
   * percentiles from 1 to 100), or the four percentiles when the report has none.
   */
  public static Latency fromEngineReport(JsonNode l) {
    if (l == null || l.isMissingNode() || l.path("count").asLong(0) == 0) {
      return null;
    }
    List<double[]> cdf = new ArrayList<>();
    for (JsonNode point : l.path("cdf")) {
      if (point.size() == 2 && point.get(0).isNumber() && point.get(1).isNumber()) {
        cdf.add(new double[] {point.get(0).asDouble(), point.get(1).asDouble()});
      }
    }
    if (cdf.isEmpty()) {
      for (String[] p : new String[][] {{"p50", "0.50"}, {"p95", "0.95"}, {"p99", "0.99"}}) {
        cdf.add(new double[] {l.path(p[0]).asDouble(), Double.parseDouble(p[1])});
      }
      cdf.add(new double[] {l.path("max").asDouble(), 1.0});
    }
    return new Latency(
        "engine report: source read -> sink durable",
        l.path("count").asLong(),
        l.path("p50").asDouble(Double.NaN),
        l.path("p95").asDouble(Double.NaN),
        l.path("p99").asDouble(Double.NaN),
        l.path("max").asDouble(Double.NaN),
        cdf);
  }
}
