package org.dsuite.swim.udp;

import org.dsuite.swim.core.CoreStats;

/**
 * A snapshot of one member's counters since start.
 *
 * @param malformed packets that did not decode (dropped)
 * @param rejected packets with a bad or missing authentication tag, replays, and control requests
 *     from non-loopback hosts without a cluster key (dropped)
 * @param dropped packets dropped on purpose by {@code swim.drop-rate}
 * @param lagRefutations incarnation raises because this member found itself stalled ({@code
 *     swim.lag-refutation-ms}: a timer of its own fired that long after it was due)
 */
public record SwimStats(
    long uptimeMs,
    long messagesSent,
    long bytesSent,
    long messagesReceived,
    long bytesReceived,
    long malformed,
    long rejected,
    long dropped,
    long eventsLost,
    long lagRefutations,
    CoreStats core) {

  public double messagesSentPerSecond() {
    return perSecond(messagesSent);
  }

  public double bytesSentPerSecond() {
    return perSecond(bytesSent);
  }

  public double messagesReceivedPerSecond() {
    return perSecond(messagesReceived);
  }

  public double bytesReceivedPerSecond() {
    return perSecond(bytesReceived);
  }

  /** Mean time from a failed member's last message to its declaration here, or 0. */
  public double meanDetectionMs() {
    return core.failuresDeclared() == 0
        ? 0
        : (double) core.detectionMsTotal() / core.failuresDeclared();
  }

  private double perSecond(long count) {
    return uptimeMs <= 0 ? 0 : count * 1000.0 / uptimeMs;
  }
}
