package org.dsuite.rainstorm.engine.net;

import java.time.Duration;
import org.dsuite.common.config.Settings;

/**
 * Limits of the worker-to-worker data plane.
 *
 * @param maxInFlightBatches batch frames a sender may have outstanding per connection before the
 *     receiver hands them to their tasks (credit-based flow control)
 * @param maxFrameBytes largest frame accepted; a bigger length closes the connection
 * @param connectTimeoutMs TCP connect timeout
 * @param creditWaitMs how long a send waits for credit before failing (a stuck receiver)
 * @param socketBufferBytes socket send/receive and stream buffer size
 */
public record DataPlaneConfig(
    int maxInFlightBatches,
    int maxFrameBytes,
    long connectTimeoutMs,
    long creditWaitMs,
    int socketBufferBytes) {
  public static final String PREFIX = "rainstorm.net.";

  public DataPlaneConfig {
    check(maxInFlightBatches >= 1, "max-in-flight-batches", ">= 1");
    check(maxFrameBytes >= 1024, "max-frame-bytes", ">= 1024");
    check(connectTimeoutMs >= 1, "connect-timeout-ms", ">= 1");
    check(creditWaitMs >= 1, "credit-wait-ms", ">= 1");
    check(socketBufferBytes >= 1024, "socket-buffer-bytes", ">= 1024");
  }

  private static void check(boolean ok, String key, String range) {
    if (!ok) {
      throw new IllegalArgumentException(PREFIX + key + " must be " + range);
    }
  }

  /**
   * Defaults: 8 batches in flight of ~256 tuples keep a loopback or LAN link busy across one
   * receiver hand-off without letting a slow task queue more than a few thousand tuples in the
   * network. 16 MB frames fit any sane batch. 30 s of credit wait is far beyond a healthy task's
   * pause yet ends a send to a receiver that is wedged, so the worker can report it. 256 KB
   * buffers: a few frames per syscall.
   */
  public static DataPlaneConfig defaults() {
    return new DataPlaneConfig(8, 16 << 20, 2_000, 30_000, 256 << 10);
  }

  /** Reads {@code rainstorm.net.*} keys over {@link #defaults()}. */
  public static DataPlaneConfig from(Settings s) {
    DataPlaneConfig d = defaults();
    return new DataPlaneConfig(
        s.intIn(PREFIX + "max-in-flight-batches", d.maxInFlightBatches, 1, 1 << 16),
        (int) s.bytes(PREFIX + "max-frame-bytes", d.maxFrameBytes, 1024, 1 << 30),
        ms(s, "connect-timeout-ms", d.connectTimeoutMs),
        ms(s, "credit-wait-ms", d.creditWaitMs),
        (int) s.bytes(PREFIX + "socket-buffer-bytes", d.socketBufferBytes, 1024, 64 << 20));
  }

  private static long ms(Settings s, String key, long dflt) {
    return s.millis(
            PREFIX + key, Duration.ofMillis(dflt), Duration.ofMillis(1), Duration.ofHours(1))
        .toMillis();
  }
}
