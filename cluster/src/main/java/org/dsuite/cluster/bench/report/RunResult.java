package org.dsuite.cluster.bench.report;

import java.util.List;

/**
 * One measured run of one engine on one app and input size.
 *
 * @param engine {@link #RAINSTORM}, {@link #SPARK_STRUCTURED} or {@link #SPARK_DSTREAM}
 * @param mode {@code full-speed}, {@code rate} (open-loop at {@code inputRateRps}) or {@code
 *     failure}
 * @param status {@code OK}, {@code FAILED} (output differs from the reference), {@code TIMEOUT}
 *     (stopped at the run timeout) or {@code ERROR} (the run did not complete)
 * @param wallMs submission (process start) to the engine reporting its last output durable
 * @param startupMs Spark: JVM start to session ready (rate runs: to the warm-up batch's commit,
 *     where the open-loop clock starts); RainStorm rate runs: submission to its open-loop clock's
 *     start (every task of the job up); null otherwise
 * @param firstOutputMs submission to the first output (Spark: first batch committed); null if
 *     unknown
 * @param steadyRps rows per second in steady state (Spark: batches 2..n; RainStorm: its report's
 *     figure, or rows over wall time when the engine gives none)
 * @param steadyMethod how {@code steadyRps} was obtained
 * @param latency null when not measured in this run
 * @param cpuSeconds user + system CPU of the engine's processes during the run (sampled)
 * @param peakRssBytes highest sampled sum of the engine's processes' resident memory
 * @param events timeline of the run ({@code [ms since submission, label]}), e.g. kills
 */
public record RunResult(
    String dataset,
    String app,
    long rows,
    String engine,
    String mode,
    int rep,
    String status,
    String check,
    long wallMs,
    Long startupMs,
    Long firstOutputMs,
    double steadyRps,
    String steadyMethod,
    Double inputRateRps,
    Latency latency,
    double cpuSeconds,
    long peakRssBytes,
    List<Event> events) {
  public static final String RAINSTORM = "rainstorm";
  public static final String SPARK_STRUCTURED = "spark-structured";
  public static final String SPARK_DSTREAM = "spark-dstream";
  public static final String OK = "OK";
  public static final String FAILED = "FAILED";
  public static final String ERROR = "ERROR";

  /** Stopped at {@code bench.run-timeout-ms}; no figures. */
  public static final String TIMEOUT = "TIMEOUT";

  /** Something that happened during a run, at {@code atMs} after submission. */
  public record Event(long atMs, String label) {}

  public RunResult {
    events = events == null ? List.of() : List.copyOf(events);
  }

  public boolean ok() {
    return OK.equals(status);
  }

  /** The cell this run belongs to: runs with the same key are repetitions of one measurement. */
  public String key() {
    return dataset + "/" + app + "/" + rows + "/" + engine + "/" + mode;
  }
}
