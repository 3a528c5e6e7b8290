package org.dsuite.rainstorm.engine.leader;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What the worker running a task reports about it, a few times a second, in the task's {@code
 * progress} znode. The leader decides job completion from these reports; {@code bin/rainstorm}
 * shows them.
 *
 * @param worker the worker that runs the task
 * @param epoch the assignment epoch under which the worker runs it
 * @param quiet nothing in flight: no unacknowledged output, no queued input, the source read, the
 *     sink's lines durable
 * @param inputs inputs this incarnation of the task has processed (recovered ones included)
 * @param failure why the task stopped, or empty
 * @param resumedAtMs wall-clock time (ms since the epoch) at which this incarnation processed its
 *     first new input, -1 until then: when a moved task was working again (the recovery benchmark
 *     reads it; a progress report is written at once when it is known, not on the next poll)
 */
public record TaskProgress(
    String worker, long epoch, boolean quiet, long inputs, String failure, long resumedAtMs) {
  public TaskProgress {
    ZkLayout.checkName(worker);
    failure = failure == null ? "" : failure.replace('\n', ' ');
  }

  /** A report of a task that has not processed a new input yet. */
  public TaskProgress(String worker, long epoch, boolean quiet, long inputs, String failure) {
    this(worker, epoch, quiet, inputs, failure, -1);
  }

  public byte[] encode() {
    return ("worker="
            + worker
            + "\nepoch="
            + epoch
            + "\nquiet="
            + quiet
            + "\ninputs="
            + inputs
            + "\nresumed="
            + resumedAtMs
            + "\nfailure="
            + failure
            + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  public static TaskProgress decode(byte[] data) {
    Map<String, String> m = new HashMap<>();
    for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        m.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    try {
      return new TaskProgress(
          m.get("worker"),
          Long.parseLong(m.get("epoch")),
          Boolean.parseBoolean(m.get("quiet")),
          Long.parseLong(m.get("inputs")),
          m.getOrDefault("failure", ""),
          Long.parseLong(m.getOrDefault("resumed", "-1")));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed task progress: " + m, e);
    }
  }
}
