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
  private final LatencyTimeline timeline = new LatencyTimeline();

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

  /**
   * Records the latency of an output whose source stamp is {@code stampMicros}, durable at {@code
   * durableMicros}: in the histogram and, by its stamp, in the {@link LatencyTimeline}.
   */
  public void record(long stampMicros, long durableMicros) {
    record(durableMicros - stampMicros);
    timeline.record(stampMicros, durableMicros - stampMicros);
  }

  /** The latencies by source stamp recorded so far (a copy). */
  public LatencyTimeline timeline() {
    LatencyTimeline copy = new LatencyTimeline();
    copy.add(timeline);
    return copy;
  }

  /** Everything recorded so far (a copy). */
  public synchronized Histogram cumulative() {
    total.add(recorder.getIntervalHistogram());
    return total.copy();
  }
}
