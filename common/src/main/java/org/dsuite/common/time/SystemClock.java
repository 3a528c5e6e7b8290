package org.dsuite.common.time;

/** {@link Clock} backed by {@link System#nanoTime()} and {@link System#currentTimeMillis()}. */
final class SystemClock implements Clock {
  static final SystemClock INSTANCE = new SystemClock();

  private SystemClock() {}

  @Override
  public long nowMs() {
    return System.nanoTime() / 1_000_000;
  }

  @Override
  public long wallMs() {
    return System.currentTimeMillis();
  }
}
