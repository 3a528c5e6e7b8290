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
 * @param creditReturnBatches consumed batches a receiver gathers before it writes their credits
 *     back as one frame (1 = every consumer turn); at most {@code maxInFlightBatches}
 */
public record DataPlaneConfig(
    int maxInFlightBatches,
    int maxFrameBytes,
    long connectTimeoutMs,
    long creditWaitMs,
    int socketBufferBytes,
    int creditReturnBatches) {
  public static final String PREFIX = "rainstorm.net.";

  public DataPlaneConfig {
    check(maxInFlightBatches >= 1, "max-in-flight-batches", ">= 1");
    check(maxFrameBytes >= 1024, "max-frame-bytes", ">= 1024");
    check(connectTimeoutMs >= 1, "connect-timeout-ms", ">= 1");
    check(creditWaitMs >= 1, "credit-wait-ms", ">= 1");
    check(socketBufferBytes >= 1024, "socket-buffer-bytes", ">= 1024");
    check(
        creditReturnBatches >= 1 && creditReturnBatches <= maxInFlightBatches,
        "credit-return-batches",
        "1..max-in-flight-batches");
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
   * buffers: a few frames per syscall. Credits go back four at a time: a credit frame per consumed
   * batch cost a write on the receiving task's thread and a wake-up of the sender's credit reader
   * for every batch; with half the window returned at once the sender still has four batches' worth
   * of credit while the receiver works through the other four, so the link never idles on it.
   */
  public static DataPlaneConfig defaults() {
    return new DataPlaneConfig(8, 16 << 20, 2_000, 30_000, 256 << 10, 4);
  }

  /** Reads {@code rainstorm.net.*} keys over {@link #defaults()}. */
  public static DataPlaneConfig from(Settings s) {
    DataPlaneConfig d = defaults();
    int inFlight = s.intIn(PREFIX + "max-in-flight-batches", d.maxInFlightBatches, 1, 1 << 16);
    return new DataPlaneConfig(
        inFlight,
        (int) s.bytes(PREFIX + "max-frame-bytes", d.maxFrameBytes, 1024, 1 << 30),
        ms(s, "connect-timeout-ms", d.connectTimeoutMs),
        ms(s, "credit-wait-ms", d.creditWaitMs),
        (int) s.bytes(PREFIX + "socket-buffer-bytes", d.socketBufferBytes, 1024, 64 << 20),
        s.intIn(
            PREFIX + "credit-return-batches",
            Math.min(d.creditReturnBatches, inFlight),
            1,
            inFlight));
  }

  private static long ms(Settings s, String key, long dflt) {
    return s.millis(
            PREFIX + key, Duration.ofMillis(dflt), Duration.ofMillis(1), Duration.ofHours(1))
        .toMillis();
  }
}
