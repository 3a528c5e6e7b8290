package org.dsuite.rainstorm.engine.task.stats;

import java.util.Map;
import java.util.TreeMap;

/**
 * End-to-end latencies by when their tuples were read (or due, under {@code --input-rate}): per
 * bucket of {@link #BUCKET_MS} of the source stamp, the outputs and the longest latency. It says
 * whether a run's tail is its start-up, a pause in the middle, or spread over the run, which the
 * percentiles alone cannot (session 8). Buckets are keyed by absolute wall-clock time, so the
 * sinks' timelines merge by key. At most {@link #MAX_BUCKETS} buckets (30 s) are kept: the later
 * part of a long job is left out, and the timeline says so. Thread-safe.
 */
public final class LatencyTimeline {
  /** Bucket width: a paced run of 1-3 M rows lasts a few seconds. */
  public static final long BUCKET_MS = 100;

  /**
   * Buckets kept: the first 30 s of stamps (a bench's latency run is 20 s), at most ~6 KB in the
   * sink's stats znode, which its worker rewrites with every progress report.
   */
  static final int MAX_BUCKETS = 300;

  // bucket (stamp ms / BUCKET_MS) -> {outputs, longest latency µs}
  private final TreeMap<Long, long[]> buckets = new TreeMap<>();
  private boolean truncated;

  /** Records one output's latency; its bucket is its source stamp's. */
  public synchronized void record(long stampMicros, long latencyMicros) {
    long key = stampMicros / 1000 / BUCKET_MS;
    long[] b = buckets.get(key);
    if (b == null) {
      if (buckets.size() >= MAX_BUCKETS) {
        truncated = true;
        return;
      }
      b = new long[2];
      buckets.put(key, b);
    }
    b[0]++;
    b[1] = Math.max(b[1], Math.max(0, latencyMicros));
  }

  /** Adds another timeline's buckets (another sink, or another incarnation). */
  public synchronized void add(LatencyTimeline other) {
    Map<Long, long[]> theirs;
    synchronized (other) {
      theirs = new TreeMap<>();
      other.buckets.forEach((k, v) -> theirs.put(k, v.clone()));
      truncated |= other.truncated;
    }
    theirs.forEach(
        (k, v) -> {
          long[] b = buckets.computeIfAbsent(k, x -> new long[2]);
          b[0] += v[0];
          b[1] = Math.max(b[1], v[1]);
        });
  }

  /** Bucket start (wall-clock ms) -> {outputs, longest latency µs}, in time order (a copy). */
  public synchronized TreeMap<Long, long[]> buckets() {
    TreeMap<Long, long[]> copy = new TreeMap<>();
    buckets.forEach((k, v) -> copy.put(k * BUCKET_MS, v.clone()));
    return copy;
  }

  /** Whether outputs past {@link #MAX_BUCKETS} buckets were left out. */
  public synchronized boolean truncated() {
    return truncated;
  }

  /** {@code BUCKET:OUTPUTS:MAX_US,...} (bucket numbers), then {@code ;T} if truncated. */
  public synchronized String encode() {
    StringBuilder sb = new StringBuilder(buckets.size() * 20);
    buckets.forEach(
        (k, v) ->
            sb.append(sb.length() == 0 ? "" : ",")
                .append(k)
                .append(':')
                .append(v[0])
                .append(':')
                .append(v[1]));
    return truncated ? sb.append(";T").toString() : sb.toString();
  }

  /**
   * The inverse of {@link #encode}.
   *
   * @throws IllegalArgumentException if the text is not such an encoding
   */
  public static LatencyTimeline decode(String s) {
    LatencyTimeline t = new LatencyTimeline();
    String body = s;
    if (body.endsWith(";T")) {
      t.truncated = true;
      body = body.substring(0, body.length() - 2);
    }
    if (body.isEmpty()) {
      return t;
    }
    try {
      for (String part : body.split(",")) {
        String[] f = part.split(":");
        if (f.length != 3) {
          throw new IllegalArgumentException("bad latency timeline bucket: " + part);
        }
        t.buckets.put(
            Long.parseLong(f[0]), new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad latency timeline: " + e.getMessage(), e);
    }
    return t;
  }
}
