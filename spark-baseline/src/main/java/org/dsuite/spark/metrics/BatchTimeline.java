package org.dsuite.spark.metrics;

import java.util.function.LongSupplier;

/**
 * Wall-clock milestones of one run, fed from Spark's listener threads: when the session was ready,
 * when each batch finished and how many input rows it had. Times are epoch milliseconds.
 */
public final class BatchTimeline {
  private final LongSupplier clockMs;
  private final long processStartMs;
  private long sessionReadyMs;
  private long queryStartMs;
  private long firstBatchDoneMs;
  private long firstBatchRows;
  private long lastBatchDoneMs;
  private long rows;
  private long batches;

  /**
   * @param processStartMs when the JVM started (so start-up includes class loading)
   */
  public BatchTimeline(LongSupplier clockMs, long processStartMs) {
    this.clockMs = clockMs;
    this.processStartMs = processStartMs;
  }

  public synchronized void sessionReady() {
    sessionReadyMs = clockMs.getAsLong();
  }

  public synchronized void queryStarted() {
    queryStartMs = clockMs.getAsLong();
  }

  /** A batch finished; {@code inputRows} may be 0 (an empty trigger), which is not counted. */
  public synchronized void batchDone(long inputRows) {
    if (inputRows <= 0) {
      return;
    }
    long now = clockMs.getAsLong();
    if (batches == 0) {
      firstBatchDoneMs = now;
      firstBatchRows = inputRows;
    }
    lastBatchDoneMs = now;
    rows += inputRows;
    batches++;
  }

  public synchronized long rows() {
    return rows;
  }

  public synchronized long batches() {
    return batches;
  }

  /** The figures so far. */
  public synchronized RunReport report(String app, String api, String mode) {
    return new RunReport(
        app,
        api,
        mode,
        processStartMs,
        sessionReadyMs,
        queryStartMs,
        firstBatchDoneMs,
        lastBatchDoneMs,
        rows,
        firstBatchRows,
        batches,
        clockMs.getAsLong());
  }
}
