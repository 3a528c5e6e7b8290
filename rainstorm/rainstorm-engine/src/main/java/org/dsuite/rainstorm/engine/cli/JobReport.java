package org.dsuite.rainstorm.engine.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.dsuite.rainstorm.engine.leader.JobState;
import org.dsuite.rainstorm.engine.task.stats.LatencyTimeline;

/**
 * The summary {@code submit --report FILE} writes when a job ends (schema in docs/rainstorm.md),
 * and its one-line human form. Latencies are in milliseconds with microsecond resolution.
 */
record JobReport(
    String job,
    JobState state,
    boolean exactlyOnce,
    Long inputRate,
    long submittedAtMs,
    Long firstOutputAtMs,
    Long inputClockStartAtMs,
    Long lastInputClockStartAtMs,
    long doneAtMs,
    long recordsIn,
    long recordsOut,
    long malformed,
    Double steadyThroughputRps,
    long longestInputStallMs,
    long longestOutputStallMs,
    Histogram latencyMicros,
    LatencyTimeline latencyTimeline,
    List<String> stages,
    List<TaskPlacement> tasks) {

  /**
   * Percentiles of the latency CDF in the report: dense in the tail, where the engines differ, so a
   * chart of p99.9 and the maximum needs no raw samples.
   */
  private static final double[] CDF_PERCENTILES = {
    1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 97.5, 99, 99.5, 99.9, 99.95, 99.99, 100
  };

  /** Where a task ran when the job ended. */
  record TaskPlacement(int stage, int index, String worker) {}

  long wallMs() {
    return doneAtMs - submittedAtMs;
  }

  String toJson() {
    StringBuilder sb = new StringBuilder(512);
    sb.append("{\"job\":").append(str(job));
    sb.append(",\"state\":").append(str(state.name()));
    sb.append(",\"exactlyOnce\":").append(exactlyOnce);
    sb.append(",\"inputRate\":").append(inputRate == null ? "null" : inputRate.toString());
    sb.append(",\"submittedAtMs\":").append(submittedAtMs);
    sb.append(",\"firstOutputAtMs\":").append(firstOutputAtMs == null ? "null" : firstOutputAtMs);
    // Start-up apart from the steady state: a paced job's open-loop schedule starts once every task
    // is up, so submission to that start is the job's start-up (null when unpaced).
    sb.append(",\"inputClockStartAtMs\":")
        .append(inputClockStartAtMs == null ? "null" : inputClockStartAtMs);
    sb.append(",\"startupMs\":")
        .append(inputClockStartAtMs == null ? "null" : inputClockStartAtMs - submittedAtMs);
    // The sources start when their own worker sees every task up: how far apart they started.
    sb.append(",\"inputClockStartSpreadMs\":")
        .append(
            inputClockStartAtMs == null || lastInputClockStartAtMs == null
                ? "null"
                : lastInputClockStartAtMs - inputClockStartAtMs);
    sb.append(",\"doneAtMs\":").append(doneAtMs);
    sb.append(",\"wallMs\":").append(wallMs());
    sb.append(",\"recordsIn\":").append(recordsIn);
    sb.append(",\"recordsOut\":").append(recordsOut);
    sb.append(",\"malformed\":").append(malformed);
    sb.append(",\"steadyThroughputRps\":")
        .append(steadyThroughputRps == null ? "null" : num(steadyThroughputRps));
    sb.append(",\"longestInputStallMs\":").append(longestInputStallMs);
    sb.append(",\"longestOutputStallMs\":").append(longestOutputStallMs);
    Histogram h = latencyMicros;
    sb.append(",\"latencyMs\":{\"count\":").append(h.getTotalCount());
    for (String[] p : new String[][] {{"p50", "50"}, {"p95", "95"}, {"p99", "99"}}) {
      sb.append(",\"").append(p[0]).append("\":").append(ms(h, Double.parseDouble(p[1])));
    }
    sb.append(",\"max\":").append(h.getTotalCount() == 0 ? "null" : num(h.getMaxValue() / 1000.0));
    sb.append(",\"cdf\":[");
    for (int i = 0; h.getTotalCount() > 0 && i < CDF_PERCENTILES.length; i++) {
      double p = CDF_PERCENTILES[i];
      long micros = p == 100 ? h.getMaxValue() : h.getValueAtPercentile(p);
      sb.append(i == 0 ? "" : ",").append('[').append(num(micros / 1000.0));
      sb.append(',').append(String.format(Locale.ROOT, "%.4f", p / 100)).append(']');
    }
    sb.append("]}");
    timeline(sb);
    sb.append(",\"stages\":[");
    for (int i = 0; i < stages.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(str(stages.get(i)));
    }
    sb.append("],\"tasks\":[");
    for (int i = 0; i < tasks.size(); i++) {
      TaskPlacement t = tasks.get(i);
      sb.append(i == 0 ? "" : ",")
          .append("{\"stage\":")
          .append(t.stage())
          .append(",\"index\":")
          .append(t.index())
          .append(",\"worker\":")
          .append(str(t.worker()))
          .append('}');
    }
    return sb.append("]}\n").toString();
  }

  /**
   * {@code "latencyByStamp"}: per 100 ms of source stamp (read time, or due time under an input
   * rate), from the first stamp: {@code [ms since the first stamp, outputs, longest latency ms]};
   * it shows whether the tail is start-up, a pause, or spread over the run.
   */
  private void timeline(StringBuilder sb) {
    sb.append(",\"latencyByStamp\":{\"bucketMs\":").append(LatencyTimeline.BUCKET_MS);
    sb.append(",\"truncated\":").append(latencyTimeline.truncated()).append(",\"buckets\":[");
    var buckets = latencyTimeline.buckets();
    long first = buckets.isEmpty() ? 0 : buckets.firstKey();
    boolean comma = false;
    for (var e : buckets.entrySet()) {
      sb.append(comma ? "," : "").append('[').append(e.getKey() - first);
      sb.append(',').append(e.getValue()[0]).append(',').append(num(e.getValue()[1] / 1000.0));
      sb.append(']');
      comma = true;
    }
    sb.append("]}");
  }

  /** One line for stderr. */
  String summary() {
    Histogram h = latencyMicros;
    return String.format(
        Locale.ROOT,
        "rainstorm: %s %s in %.1f s: %d records in, %d out, %d malformed, steady %s records/s,"
            + " latency p50 %s p99 %s max %s ms (%d outputs)",
        job,
        state,
        wallMs() / 1000.0,
        recordsIn,
        recordsOut,
        malformed,
        steadyThroughputRps == null
            ? "n/a"
            : String.format(Locale.ROOT, "%.0f", steadyThroughputRps),
        ms(h, 50),
        ms(h, 99),
        h.getTotalCount() == 0 ? "null" : num(h.getMaxValue() / 1000.0),
        h.getTotalCount());
  }

  /** Writes the JSON to {@code file} atomically (temporary file, then rename). */
  void write(Path file) throws IOException {
    Path abs = file.toAbsolutePath();
    Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
    Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? "null" : num(h.getValueAtPercentile(percentile) / 1000.0);
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String str(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
