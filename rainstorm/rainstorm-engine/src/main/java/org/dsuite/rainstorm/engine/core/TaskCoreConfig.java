package org.dsuite.rainstorm.engine.core;

import java.time.Duration;
import org.dsuite.common.config.Settings;

/**
 * Limits of one task's exactly-once bookkeeping.
 *
 * @param maxUnackedOutputs outputs a task holds until downstream acknowledges them (including those
 *     still waiting for their log record to be durable). This is the backpressure bound: a task
 *     takes no input while it is reached, so a slow stage slows its upstream instead of growing
 *     memory.
 * @param resendTimeoutMs an unacknowledged output is sent again after this long
 * @param dedupeWindow input numbers a task remembers above each input stream's high-water mark
 *     ({@link Dedupe}); an input further ahead waits for a resend. Bounds the dedupe's memory.
 */
public record TaskCoreConfig(int maxUnackedOutputs, long resendTimeoutMs, int dedupeWindow) {
  public static final String PREFIX = "rainstorm.task.";

  /** With the default dedupe window. */
  public TaskCoreConfig(int maxUnackedOutputs, long resendTimeoutMs) {
    this(maxUnackedOutputs, resendTimeoutMs, DEFAULT_DEDUPE_WINDOW);
  }

  /**
   * 2 x the default unacked bound: inputs only get ahead of their mark when a batch was lost or
   * delayed, and an upstream has at most max-unacked-outputs of them outstanding at once, so this
   * defers nothing in normal operation while capping the set at ~1 MB per input stream.
   */
  static final int DEFAULT_DEDUPE_WINDOW = 40_000;

  public TaskCoreConfig {
    if (maxUnackedOutputs < 1) {
      throw new IllegalArgumentException(
          PREFIX + "max-unacked-outputs must be >= 1: " + maxUnackedOutputs);
    }
    if (resendTimeoutMs < 1) {
      throw new IllegalArgumentException(
          PREFIX + "resend-timeout-ms must be >= 1: " + resendTimeoutMs);
    }
    if (dedupeWindow < 1) {
      throw new IllegalArgumentException(PREFIX + "dedupe-window must be >= 1: " + dedupeWindow);
    }
  }

  /**
   * Defaults for one host running a few tasks. 20,000 unacked outputs is ~0.1 s of a 200 K
   * records/s stage: enough to cover a group-commit round trip (a few ms) plus the downstream's own
   * commit many times over, while bounding a task's buffer to a few MB. A resend timeout of 2 s is
   * far above a healthy ack delay (one commit interval each side) yet well under the time SWIM
   * takes to declare a dead worker, so resends are rare in steady state and a reassignment triggers
   * its own resend anyway.
   */
  public static TaskCoreConfig defaults() {
    return new TaskCoreConfig(20_000, 2_000, DEFAULT_DEDUPE_WINDOW);
  }

  /** Reads {@code rainstorm.task.*} keys over {@link #defaults()}. */
  public static TaskCoreConfig from(Settings s) {
    TaskCoreConfig d = defaults();
    return new TaskCoreConfig(
        s.intIn(PREFIX + "max-unacked-outputs", d.maxUnackedOutputs, 1, 10_000_000),
        s.millis(
                PREFIX + "resend-timeout-ms",
                Duration.ofMillis(d.resendTimeoutMs),
                Duration.ofMillis(1),
                Duration.ofHours(1))
            .toMillis(),
        s.intIn(PREFIX + "dedupe-window", d.dedupeWindow, 1, 100_000_000));
  }
}
