package org.dsuite.rainstorm.engine.task.stats;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * End-to-end latencies (microseconds) of one sink task: the sink's loop records, a reporter thread
 * takes a cumulative copy. {@link Recorder} makes recording wait-free and lets another thread take
 * what was recorded without stopping the recorder.
 */
public final class LatencyRecorder {
  /** Two significant digits: 1 % resolution is plenty for p50/p99 and keeps the encoding small. */
  static final int SIGNIFICANT_DIGITS = 2;

  private final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
  private final Histogram total = newHistogram();

  /** A histogram with nothing recorded (for tasks that are not sinks). */
  public static Histogram empty() {
    return newHistogram();
  }

  static Histogram newHistogram() {
    Histogram h = new Histogram(SIGNIFICANT_DIGITS);
    h.setAutoResize(true);
    return h;
  }

  /** Records one latency; negative values (clock skew between hosts) count as 0. */
  public void record(long micros) {
    recorder.recordValue(Math.max(0, micros));
  }

  /** Everything recorded so far (a copy). */
  public synchronized Histogram cumulative() {
    total.add(recorder.getIntervalHistogram());
    return total.copy();
  }
}
