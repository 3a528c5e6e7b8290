package org.dsuite.rainstorm.engine.task.stats;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What one incarnation of a task reports for the submitter's summary, in its {@code stats} znode.
 *
 * @param incarnation unique per start of the task (a restarted task reports under a new one, so the
 *     submitter can keep the histogram of an incarnation that died)
 * @param inputs inputs this incarnation processed (recovered ones included)
 * @param malformed inputs this incarnation skipped as malformed or failed by the operator
 * @param durableBytes for a sink: destination bytes that are durable and final (a restarted sink
 *     never cuts the file below this); -1 otherwise
 * @param firstDurableAtMs for a sink: wall-clock ms of its first durable output, or -1
 * @param latency for a sink: source-read-to-durable latencies in microseconds (empty otherwise)
 * @param clockStartAtMs for a paced source: wall-clock ms at which its open-loop schedule started
 *     (the job's start-up ends there); -1 otherwise
 * @param timeline for a sink: the latencies by source stamp (empty otherwise)
 */
public record TaskStats(
    String incarnation,
    long inputs,
    long malformed,
    long durableBytes,
    long firstDurableAtMs,
    Histogram latency,
    long clockStartAtMs,
    LatencyTimeline timeline) {

  /** Stats of a task without an open-loop schedule. */
  public TaskStats(
      String incarnation,
      long inputs,
      long malformed,
      long durableBytes,
      long firstDurableAtMs,
      Histogram latency) {
    this(
        incarnation,
        inputs,
        malformed,
        durableBytes,
        firstDurableAtMs,
        latency,
        -1,
        new LatencyTimeline());
  }

  public byte[] encode() {
    ByteBuffer buf = ByteBuffer.allocate(latency.getNeededByteBufferCapacity());
    int n = latency.encodeIntoCompressedByteBuffer(buf);
    String hist = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), n));
    return ("incarnation="
            + incarnation
            + "\ninputs="
            + inputs
            + "\nmalformed="
            + malformed
            + "\ndurableBytes="
            + durableBytes
            + "\nfirstDurableAtMs="
            + firstDurableAtMs
            + "\nclockStartAtMs="
            + clockStartAtMs
            + "\ntimeline="
            + timeline.encode()
            + "\nlatency="
            + hist
            + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  public static TaskStats decode(byte[] data) {
    Map<String, String> m = new HashMap<>();
    for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        m.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    try {
      Histogram h =
          Histogram.decodeFromCompressedByteBuffer(
              ByteBuffer.wrap(Base64.getDecoder().decode(m.get("latency"))), 0);
      return new TaskStats(
          m.get("incarnation"),
          Long.parseLong(m.get("inputs")),
          Long.parseLong(m.get("malformed")),
          Long.parseLong(m.get("durableBytes")),
          Long.parseLong(m.get("firstDurableAtMs")),
          h,
          // absent in a report from a worker that predates it
          Long.parseLong(m.getOrDefault("clockStartAtMs", "-1")),
          LatencyTimeline.decode(m.getOrDefault("timeline", "")));
    } catch (RuntimeException | DataFormatException e) {
      throw new IllegalArgumentException("malformed task stats: " + e.getMessage(), e);
    }
  }
}
