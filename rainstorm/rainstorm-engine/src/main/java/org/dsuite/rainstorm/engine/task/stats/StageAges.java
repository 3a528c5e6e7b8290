package org.dsuite.rainstorm.engine.task.stats;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Diagnostic: how old (now minus the source stamp) a batch's first tuple is at each point of its
 * path, per stage, so a latency tail can be attributed to a hop. Off unless the JVM runs with
 * {@code -Drainstorm.debug.stage-ages=true}; one JVM-wide table (the in-process benchmark runs all
 * workers in one JVM).
 */
public final class StageAges {
  public static final boolean ON = Boolean.getBoolean("rainstorm.debug.stage-ages");
  private static final Map<String, Recorder> POINTS = new ConcurrentHashMap<>();

  /** Width of a timeline bucket: a paced run of 1-3 M rows lasts 2-7 s. */
  static final long BUCKET_MICROS = 100_000;

  static final int MAX_BUCKETS = 6_000;

  // point -> bucket of the stamp (stamp / BUCKET_MICROS) -> {count, max age µs}
  private static final Map<String, Map<Long, long[]>> TIMELINE = new ConcurrentHashMap<>();

  private StageAges() {}

  public static void record(String point, long stampMicros, long nowMicros) {
    if (stampMicros >= 0) {
      POINTS
          .computeIfAbsent(point, p -> new Recorder(2))
          .recordValue(Math.max(0, nowMicros - stampMicros));
      // By the stamp's time, so a tail can be placed in the run: start-up, or spread out.
      Map<Long, long[]> line = TIMELINE.computeIfAbsent(point, p -> new ConcurrentHashMap<>());
      if (line.size() >= MAX_BUCKETS && !line.containsKey(stampMicros / BUCKET_MICROS)) {
        return; // a bounded diagnostic: the first ~10 minutes of stamps since the last reset
      }
      long[] b = line.computeIfAbsent(stampMicros / BUCKET_MICROS, t -> new long[2]);
      synchronized (b) {
        b[0]++;
        b[1] = Math.max(b[1], nowMicros - stampMicros);
      }
    }
  }

  /**
   * The ages at {@code point} by when their tuples were due (stamp), in 100 ms buckets from the
   * first stamp recorded since the last reset: batches and the oldest age per bucket.
   */
  public static String timeline(String point) {
    Map<Long, long[]> t = TIMELINE.getOrDefault(point, Map.of());
    StringBuilder b = new StringBuilder("| stamp since first, ms | batches | max age ms |\n");
    b.append("|---|---|---|\n");
    TreeMap<Long, long[]> sorted = new TreeMap<>(t);
    if (!sorted.isEmpty()) {
      long first = sorted.firstKey();
      sorted.forEach(
          (k, v) ->
              b.append(
                  String.format(
                      java.util.Locale.ROOT,
                      "| %d | %d | %.1f |%n",
                      (k - first) * BUCKET_MICROS / 1000,
                      v[0],
                      v[1] / 1000.0)));
    }
    return b.toString();
  }

  /** Forgets everything recorded so far (between benchmark runs). */
  public static void reset() {
    POINTS.values().forEach(Recorder::getIntervalHistogram);
    TIMELINE.clear();
  }

  /** One line per point: count, p50, p99, p99.9, max in ms, since the last reset. */
  public static String table() {
    StringBuilder b =
        new StringBuilder("| point | batches | p50 ms | p99 ms | p99.9 ms | max ms |\n");
    b.append("|---|---|---|---|---|---|\n");
    new TreeMap<>(POINTS)
        .forEach(
            (p, r) -> {
              Histogram h = r.getIntervalHistogram();
              b.append(
                  String.format(
                      java.util.Locale.ROOT,
                      "| %s | %d | %.1f | %.1f | %.1f | %.1f |%n",
                      p,
                      h.getTotalCount(),
                      h.getValueAtPercentile(50) / 1000.0,
                      h.getValueAtPercentile(99) / 1000.0,
                      h.getValueAtPercentile(99.9) / 1000.0,
                      h.getMaxValue() / 1000.0));
            });
    return b.toString();
  }
}
