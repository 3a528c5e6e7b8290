package org.dsuite.common.time;

/**
 * The time seam. Protocol cores never read a clock: their shells pass {@code nowMs} in. Shells,
 * timers and tests take a {@code Clock} so a simulator or a test can drive time by hand.
 */
public interface Clock {
  /** Milliseconds on a monotonic timeline (not wall time); only differences are meaningful. */
  long nowMs();

  /** Wall-clock milliseconds since the epoch, for IDs and human-readable logs. */
  long wallMs();

  /** The real clock. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }
}
