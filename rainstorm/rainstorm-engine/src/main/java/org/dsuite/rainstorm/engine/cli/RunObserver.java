package org.dsuite.rainstorm.engine.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.leader.JobStore;
import org.dsuite.rainstorm.engine.task.stats.LatencyTimeline;
import org.dsuite.rainstorm.engine.task.stats.TaskStats;

/**
 * What the submitter sees of a running job, sample by sample: records read by the sources over time
 * (for the steady throughput), and every task incarnation's latest stats (a sink that crashed keeps
 * the latencies it reported before it died; a restarted one reports under a new incarnation).
 */
final class RunObserver {
  /** Records read by the source tasks at a wall-clock time. */
  record Sample(long atMs, long recordsIn) {}

  private final int sinkStage;
  private final List<Sample> samples = new ArrayList<>();
  private final Map<String, TaskStats> sinkIncarnations = new HashMap<>();
  private Map<TaskKey, TaskStats> latestStats = Map.of();
  private long recordsIn;
  private long clockStartAtMs = -1; // earliest paced source schedule start seen
  private long lastClockStartAtMs = -1; // latest
  private long recordsOut;
  private final StillCount inStill = new StillCount();
  private final StillCount outStill = new StillCount();

  RunObserver(int sinkStage) {
    this.sinkStage = sinkStage;
  }

  void observe(long nowMs, Map<TaskKey, JobStore.Report> progress, Map<TaskKey, TaskStats> stats) {
    long in = 0;
    long out = 0;
    for (Map.Entry<TaskKey, JobStore.Report> e : progress.entrySet()) {
      if (e.getKey().stage() == 0) {
        in += e.getValue().progress().inputs();
      } else if (e.getKey().stage() == sinkStage) {
        out += e.getValue().progress().inputs();
      }
    }
    inStill.observe(nowMs, in);
    outStill.observe(nowMs, out);
    recordsIn = in;
    recordsOut = out;
    if (samples.isEmpty() || samples.get(samples.size() - 1).recordsIn() != in) {
      samples.add(new Sample(nowMs, in));
    }
    latestStats = stats;
    stats.forEach(
        (k, s) -> {
          if (k.stage() == sinkStage) {
            sinkIncarnations.put(s.incarnation(), s);
          }
          if (k.stage() == 0
              && s.clockStartAtMs() >= 0
              && (clockStartAtMs < 0 || s.clockStartAtMs() < clockStartAtMs)) {
            clockStartAtMs = s.clockStartAtMs();
          }
          if (k.stage() == 0) {
            lastClockStartAtMs = Math.max(lastClockStartAtMs, s.clockStartAtMs());
          }
        });
  }

  /**
   * The longest time the sources' input count was seen standing still while input remained: from
   * the first to the last of consecutive observations that show the same non-zero count, counted
   * only once the count moved on. A lower bound of the real stall, which may have begun up to one
   * progress report ({@code rainstorm.worker.poll-interval-ms}) earlier; the time between two
   * observations is not a stall (it was, before: a slow sampling loop, 200-500 ms between samples
   * on a loaded machine, read as a "stall" of that length in every run).
   */
  long longestInputStallMs() {
    return inStill.longestMs;
  }

  /** The same for the sink's count. */
  long longestOutputStallMs() {
    return outStill.longestMs;
  }

  /** Tracks how long a count is observed unchanged; see {@link #longestInputStallMs}. */
  private static final class StillCount {
    private long value;
    private long firstSeenMs = -1; // first observation of the current value
    private long lastSeenMs = -1; // latest observation of the current value
    long longestMs;

    void observe(long nowMs, long v) {
      if (v != value || firstSeenMs < 0) {
        if (value > 0 && firstSeenMs >= 0) {
          longestMs = Math.max(longestMs, lastSeenMs - firstSeenMs);
        }
        value = v;
        firstSeenMs = nowMs;
      }
      lastSeenMs = nowMs;
    }
  }

  long recordsIn() {
    return recordsIn;
  }

  long recordsOut() {
    return recordsOut;
  }

  /** Inputs skipped as malformed, summed over the operator tasks' latest incarnations. */
  long malformed() {
    return latestStats.values().stream().mapToLong(TaskStats::malformed).sum();
  }

  /** Destination bytes the sink has made final (its latest incarnation), or 0. */
  long sinkDurableBytes() {
    return latestStats.entrySet().stream()
        .filter(e -> e.getKey().stage() == sinkStage)
        .mapToLong(e -> Math.max(0, e.getValue().durableBytes()))
        .max()
        .orElse(0);
  }

  /** Wall-clock ms of the first durable output of any sink incarnation, or -1. */
  long firstOutputAtMs() {
    return sinkIncarnations.values().stream()
        .mapToLong(TaskStats::firstDurableAtMs)
        .filter(t -> t >= 0)
        .min()
        .orElse(-1);
  }

  /**
   * Wall-clock ms at which the first paced source started its open-loop schedule (the job's
   * pipeline was up), or -1 (unpaced, or no source reported one).
   */
  long inputClockStartAtMs() {
    return clockStartAtMs;
  }

  /** The latest paced source schedule start seen (any incarnation), or -1. */
  long lastInputClockStartAtMs() {
    return lastClockStartAtMs;
  }

  /** The latencies by source stamp of every sink incarnation seen. */
  LatencyTimeline latencyTimeline() {
    LatencyTimeline t = new LatencyTimeline();
    sinkIncarnations.values().forEach(s -> t.add(s.timeline()));
    return t;
  }

  /** Source-to-durable latencies (microseconds) of every sink incarnation seen. */
  Histogram latency() {
    Histogram h = new Histogram(2);
    h.setAutoResize(true);
    sinkIncarnations.values().forEach(s -> h.add(s.latency()));
    return h;
  }

  /**
   * Records read per second while the sources read the middle 80 % of the input: from the time
   * {@code recordsIn} crossed 10 % of its final value to the time it crossed 90 %, both
   * interpolated linearly between samples. Null if the samples cannot resolve that interval (too
   * few records or a job faster than two samples).
   */
  Double steadyThroughputRps() {
    long total = recordsIn;
    if (total < 10) {
      return null;
    }
    double t10 = crossing(total * 0.1);
    double t90 = crossing(total * 0.9);
    if (Double.isNaN(t10) || Double.isNaN(t90) || t90 - t10 <= 0) {
      return null;
    }
    return total * 0.8 / ((t90 - t10) / 1000.0);
  }

  /** The interpolated time at which recordsIn first reached {@code level}, or NaN. */
  private double crossing(double level) {
    for (int i = 1; i < samples.size(); i++) {
      Sample a = samples.get(i - 1);
      Sample b = samples.get(i);
      if (b.recordsIn() >= level && a.recordsIn() < level) {
        double f = (level - a.recordsIn()) / (double) (b.recordsIn() - a.recordsIn());
        return a.atMs() + f * (b.atMs() - a.atMs());
      }
    }
    return Double.NaN;
  }
}
