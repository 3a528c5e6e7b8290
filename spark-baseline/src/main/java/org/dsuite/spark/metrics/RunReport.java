package org.dsuite.spark.metrics;

import java.util.Locale;

/**
 * The timing of one run, start-up kept apart from steady state (the fairness rule of
 * shared/TOOLCHAIN.md). All times are epoch milliseconds; 0 means "did not happen".
 *
 * <ul>
 *   <li>start-up: JVM start to SparkSession/SparkContext ready;
 *   <li>first batch: query start to the end of the first batch that had input (includes Spark's
 *       first-job warm-up: code generation, class loading, executor start);
 *   <li>steady state: rows of batches 2..n over the time from the end of batch 1 to the end of
 *       batch n; with a single batch it falls back to that batch's rows over its own duration;
 *   <li>overall: all rows over query start to the last batch.
 * </ul>
 */
public record RunReport(
    String app,
    String api,
    String mode,
    long processStartMs,
    long sessionReadyMs,
    long queryStartMs,
    long firstBatchDoneMs,
    long lastBatchDoneMs,
    long rows,
    long firstBatchRows,
    long batches,
    long reportedAtMs) {

  public long startupMs() {
    return sessionReadyMs - processStartMs;
  }

  public long firstBatchMs() {
    return batches == 0 ? 0 : firstBatchDoneMs - queryStartMs;
  }

  public long lastBatchMs() {
    return batches == 0 ? 0 : lastBatchDoneMs - queryStartMs;
  }

  /** Rows per second after the first batch; see the class comment. */
  public double steadyRowsPerSecond() {
    if (batches == 0) {
      return 0;
    }
    if (batches == 1) {
      return perSecond(rows, firstBatchDoneMs - queryStartMs);
    }
    return perSecond(rows - firstBatchRows, lastBatchDoneMs - firstBatchDoneMs);
  }

  public double overallRowsPerSecond() {
    return batches == 0 ? 0 : perSecond(rows, lastBatchDoneMs - queryStartMs);
  }

  private static double perSecond(long n, long ms) {
    return n * 1000.0 / Math.max(1, ms);
  }

  /** A few lines for a person. */
  public String toText() {
    return String.format(
        Locale.ROOT,
        "%s (%s, %s): %d rows in %d batches%n"
            + "  start-up (JVM start -> session ready)   %8.3f s%n"
            + "  first batch done (after query start)     %8.3f s%n"
            + "  last batch done (after query start)      %8.3f s%n"
            + "  steady state (batches 2..n, or the one)  %,12.0f rows/s%n"
            + "  overall (query start -> last batch)      %,12.0f rows/s%n",
        app,
        api,
        mode,
        rows,
        batches,
        startupMs() / 1000.0,
        firstBatchMs() / 1000.0,
        lastBatchMs() / 1000.0,
        steadyRowsPerSecond(),
        overallRowsPerSecond());
  }

  /** One JSON object for the benchmark driver. */
  public String toJson() {
    return String.format(
        Locale.ROOT,
        "{\"app\":\"%s\",\"api\":\"%s\",\"mode\":\"%s\",\"rows\":%d,\"batches\":%d,"
            + "\"startup_ms\":%d,\"first_batch_ms\":%d,\"last_batch_ms\":%d,"
            + "\"steady_rows_per_s\":%.1f,\"overall_rows_per_s\":%.1f,"
            + "\"process_start_epoch_ms\":%d,\"session_ready_epoch_ms\":%d,"
            + "\"query_start_epoch_ms\":%d,\"first_batch_done_epoch_ms\":%d,"
            + "\"last_batch_done_epoch_ms\":%d}",
        jsonText(app),
        api,
        mode,
        rows,
        batches,
        startupMs(),
        firstBatchMs(),
        lastBatchMs(),
        steadyRowsPerSecond(),
        overallRowsPerSecond(),
        processStartMs,
        sessionReadyMs,
        queryStartMs,
        firstBatchDoneMs,
        lastBatchDoneMs);
  }

  private static String jsonText(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
