package org.dsuite.common.time;

/** A {@link Clock} that moves only when told to: for tests and simulators. Thread-safe. */
public final class ManualClock implements Clock {
  private final long wallOffsetMs;
  private volatile long nowMs;

  public ManualClock(long startMs) {
    this(startMs, 1_700_000_000_000L);
  }

  public ManualClock(long startMs, long wallOffsetMs) {
    this.nowMs = startMs;
    this.wallOffsetMs = wallOffsetMs;
  }

  @Override
  public long nowMs() {
    return nowMs;
  }

  @Override
  public long wallMs() {
    return wallOffsetMs + nowMs;
  }

  /** Moves time forward; time never goes back. */
  public synchronized void advance(long deltaMs) {
    if (deltaMs < 0) {
      throw new IllegalArgumentException("time only moves forward: " + deltaMs);
    }
    nowMs += deltaMs;
  }

  public synchronized void set(long newNowMs) {
    if (newNowMs < nowMs) {
      throw new IllegalArgumentException("time only moves forward: " + newNowMs + " < " + nowMs);
    }
    nowMs = newNowMs;
  }
}
