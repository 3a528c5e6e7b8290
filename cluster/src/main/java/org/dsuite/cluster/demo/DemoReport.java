package org.dsuite.cluster.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dsuite.cluster.bench.Environment;
import org.dsuite.cluster.bench.report.Latency;
import org.dsuite.cluster.bench.report.Report;
import org.dsuite.cluster.bench.report.ReportWriter;
import org.dsuite.cluster.bench.report.RunResult;
import org.dsuite.rainstorm.api.job.BenchmarkApp;
import org.dsuite.rainstorm.api.job.Dataset;

/**
 * The demo's RainStorm and Spark runs as a head-to-head report, written with the benchmark's own
 * writer (report.json, report.md and an offline report.html with charts). One repetition at the
 * demo's size: a first look, not a benchmark ({@code bin/bench} is that).
 */
final class DemoReport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DATASET = Dataset.TRAFFIC_SIGNS.id();

  private final List<RunResult> runs = new ArrayList<>();

  /**
   * A RainStorm run, its figures taken from {@code submit --report} when the file exists.
   *
   * @param kills what was killed and when ({@code [ms after submission, label]})
   */
  synchronized void rainstorm(
      BenchmarkApp app,
      long rows,
      boolean failure,
      String status,
      String check,
      long wallMs,
      Path reportJson,
      double cpuSeconds,
      long peakRssBytes,
      List<RunResult.Event> kills)
      throws IOException {
    JsonNode r = Files.exists(reportJson) ? JSON.readTree(reportJson.toFile()) : null;
    double steady = r == null ? 0 : r.path("steadyThroughputRps").asDouble(0);
    String method = "engine report: steadyThroughputRps";
    if (steady <= 0) {
      steady = wallMs > 0 ? rows * 1000.0 / wallMs : 0;
      method = "rows / wall time";
    }
    Long firstOutput = null;
    if (r != null && r.path("firstOutputAtMs").asLong(0) > 0) {
      firstOutput = r.path("firstOutputAtMs").asLong() - r.path("submittedAtMs").asLong();
    }
    runs.add(
        new RunResult(
            DATASET,
            app.id(),
            rows,
            RunResult.RAINSTORM,
            failure ? "failure" : "full-speed",
            1,
            status,
            check,
            wallMs,
            null,
            firstOutput,
            steady,
            method,
            null,
            r == null ? null : Latency.fromEngineReport(r.path("latencyMs")),
            cpuSeconds,
            peakRssBytes,
            kills));
  }

  /** A Spark Structured Streaming run, its figures from spark-baseline's {@code --metrics-json}. */
  synchronized void spark(
      BenchmarkApp app,
      long rows,
      String status,
      String check,
      long wallMs,
      Path metricsJson,
      double cpuSeconds,
      long peakRssBytes)
      throws IOException {
    JsonNode m = Files.exists(metricsJson) ? JSON.readTree(metricsJson.toFile()) : null;
    double steady = m == null ? 0 : m.path("steady_rows_per_s").asDouble(0);
    Long startup = m == null ? null : m.path("startup_ms").asLong();
    Long firstBatch = null;
    if (m != null && m.path("first_batch_done_epoch_ms").asLong(0) > 0) {
      firstBatch =
          m.path("first_batch_done_epoch_ms").asLong() - m.path("process_start_epoch_ms").asLong();
    }
    runs.add(
        new RunResult(
            DATASET,
            app.id(),
            rows,
            RunResult.SPARK_STRUCTURED,
            "full-speed",
            1,
            status,
            check,
            wallMs,
            startup,
            firstBatch,
            steady,
            "spark: batches 2..n (or the only one)",
            null,
            null,
            cpuSeconds,
            peakRssBytes,
            List.of()));
  }

  synchronized boolean isEmpty() {
    return runs.isEmpty();
  }

  /** Writes the report under {@code dir}; returns the path of report.html. */
  synchronized Path write(Path home, Path dir, long rows, int nodes) throws IOException {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("rows", Long.toString(rows));
    settings.put("nodes", Integer.toString(nodes));
    settings.put("rainstorm", "3 tasks per stage, exactly-once, workers in the node daemons");
    settings.put("spark", "Structured Streaming, local[2], driver -Xmx1g, checkpoint on HDFS");
    settings.put("repetitions", "1");
    List<String> notes =
        List.of(
            "bin/demo's runs: one repetition at the demo's size, on a cluster that also runs swim,"
                + " grep and HyDFS. A first look, not a benchmark: bin/bench alternates engines,"
                + " repeats, and sizes the engines' heaps equally (docs/benchmarks-head-to-head.md).",
            "RainStorm CPU and memory are those of the five node daemons (all their services) and"
                + " the submit process; Spark's are those of its one JVM.",
            "App2's RainStorm run has two nodes SIGKILLed 1.5 s in (mode failure); its wall time"
                + " includes recovery.");
    Report report =
        new Report(
            "dsuite demo: RainStorm vs Spark",
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
            Environment.describe(home),
            settings,
            notes,
            runs);
    return ReportWriter.write(report, dir);
  }
}
