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

  private StageAges() {}

  public static void record(String point, long stampMicros, long nowMicros) {
    if (stampMicros >= 0) {
      POINTS
          .computeIfAbsent(point, p -> new Recorder(2))
          .recordValue(Math.max(0, nowMicros - stampMicros));
    }
  }

  /** Forgets everything recorded so far (between benchmark runs). */
  public static void reset() {
    POINTS.values().forEach(Recorder::getIntervalHistogram);
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
