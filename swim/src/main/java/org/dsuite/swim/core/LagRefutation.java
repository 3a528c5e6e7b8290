package org.dsuite.swim.core;

/**
 * Lag-aware self-refutation (docs/swim.md, "Lifeguard with CPU-starved members"). A member that
 * handles a packet long after it arrived has first-hand evidence that it is slow: its acks are
 * late, so its probers have probably suspected it already. Rather than wait to read the suspicion
 * (its lag again), it raises its incarnation at once, at most once per {@code intervalMs}, and
 * announces its ALIVE first on every message it sends while the evidence lasts; its timers, and so
 * its own pings, still fire nearly on time, and each new incarnation overrides every suspicion of
 * an older one.
 *
 * <p>Two kinds of evidence count, both first-hand: a packet handled long after it arrived (the
 * simulator knows arrival times) and the member's own timer firing long after it was due (all a
 * real process can see: Java does not expose the kernel's receive time, but a stalled process wakes
 * late, {@code SwimCore}). A crashed, paused or cut-off member handles nothing and wakes for
 * nothing, so it never refutes this way while it is down and is detected as before; a paused member
 * that resumes refutes at once.
 */
final class LagRefutation {
  private final long thresholdMs;
  private final long intervalMs;
  private long lastBumpMs;
  private boolean bumped;
  private long announceUntilMs;
  private boolean evidence;
  private long bumps;

  /**
   * @param thresholdMs lag (handling time minus arrival time) that counts as evidence; 0 = off
   * @param intervalMs smallest time between two incarnation raises, and how long one late packet
   *     keeps this member announcing its ALIVE
   */
  LagRefutation(long thresholdMs, long intervalMs) {
    if (thresholdMs < 0 || intervalMs <= 0) {
      throw new IllegalArgumentException("threshold must be >= 0 and interval > 0");
    }
    this.thresholdMs = thresholdMs;
    this.intervalMs = intervalMs;
  }

  /**
   * Work that was due at {@code arrivedMs} (a packet's arrival, or a timer's due time) is done at
   * {@code nowMs}; true if this member should raise its incarnation now.
   */
  boolean onHandled(long nowMs, long arrivedMs) {
    if (thresholdMs == 0 || nowMs - arrivedMs < thresholdMs) {
      return false;
    }
    evidence = true;
    announceUntilMs = nowMs + intervalMs;
    if (bumped && nowMs - lastBumpMs < intervalMs) {
      return false;
    }
    bumped = true;
    lastBumpMs = nowMs;
    bumps++;
    return true;
  }

  /** Whether this member's ALIVE goes first on every message it sends at {@code nowMs}. */
  boolean announcing(long nowMs) {
    return evidence && nowMs < announceUntilMs;
  }

  /** Incarnation raises so far. */
  long bumps() {
    return bumps;
  }
}
