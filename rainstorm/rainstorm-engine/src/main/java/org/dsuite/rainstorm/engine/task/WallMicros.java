package org.dsuite.rainstorm.engine.task;

/**
 * Wall-clock time in microseconds since the Unix epoch, for end-to-end latency stamps: anchored
 * once to {@link System#currentTimeMillis()} and advanced by {@link System#nanoTime()}, so it is
 * monotonic within a process and comparable across processes on one host. Across hosts the stamps
 * are only as close as the hosts' clocks (NTP: typically within a millisecond on a LAN); a latency
 * computed from a stamp made on another host includes that skew.
 */
public final class WallMicros {
  private static final long ANCHOR_MICROS = System.currentTimeMillis() * 1000L;
  private static final long ANCHOR_NANOS = System.nanoTime();

  private WallMicros() {}

  public static long now() {
    return ANCHOR_MICROS + (System.nanoTime() - ANCHOR_NANOS) / 1000L;
  }
}
