package org.dsuite.swim.core;

/** The protocol's maths as pure functions (tested by tables). */
public final class Timeouts {
  private Timeouts() {}

  /**
   * Lifeguard's suspicion timeout (memberlist {@code remainingSuspicionTime}): starts at {@code
   * maxMs} and falls logarithmically towards {@code minMs} as {@code confirmations} of the {@code
   * expected} independent suspicions arrive; returns what is left after {@code elapsedMs} (may be
   * negative).
   */
  public static long remainingSuspicionMs(
      int confirmations, int expected, long elapsedMs, long minMs, long maxMs) {
    double frac = expected <= 0 ? 1.0 : Math.log(confirmations + 1.0) / Math.log(expected + 1.0);
    double raw = maxMs - frac * (maxMs - minMs);
    long timeout = (long) Math.floor(Math.max(minMs, raw));
    return timeout - elapsedMs;
  }

  /** Minimum suspicion timeout: {@code multiplier x max(1, log10 n) x probe interval}. */
  public static long suspicionMinMs(double multiplier, int n, long probeIntervalMs) {
    double scale = Math.max(1.0, Math.log10(Math.max(1, n)));
    return (long) Math.ceil(multiplier * scale * probeIntervalMs);
  }

  /** How often one update is piggybacked: {@code lambda x ceil(log2(n + 1))}. */
  public static int retransmitLimit(int lambda, int n) {
    int log = 32 - Integer.numberOfLeadingZeros(Math.max(0, n)); // ceil(log2(n + 1))
    return lambda * Math.max(1, log);
  }

  /**
   * Anti-entropy interval for a group of {@code n}: {@code baseMs} is the interval at 32 members,
   * and it scales linearly with {@code n} (never below {@code floorMs}), so the full-state bytes a
   * member sends per second stay constant at any size while the group as a whole still runs about
   * 32 exchanges per {@code baseMs}.
   */
  public static long syncIntervalMs(long baseMs, long floorMs, int n) {
    return Math.max(floorMs, baseMs * Math.max(1, n) / 32);
  }

  /**
   * How long a helper waits for the target's ack before it sends the requester a nack: 80% of the
   * probe timeout. The ping-req leaves the requester one probe timeout into its period and the
   * period is two timeouts long (lan), so a nack after a full timeout would land just after the
   * requester stopped counting them and every healthy requester would look slow to itself.
   */
  public static long nackAfterMs(long probeTimeoutMs) {
    return Math.max(1, probeTimeoutMs * 4 / 5);
  }

  /** Probe interval or timeout scaled by the local health multiplier (Lifeguard). */
  public static long scaled(long baseMs, int localHealth) {
    return baseMs * (1L + localHealth);
  }
}
