package org.dsuite.swim.api;

import org.dsuite.common.net.HostPort;

/**
 * A member's identity: {@code host:port:startTimestampMs}. A process that restarts on the same
 * address gets a new ID (a new start timestamp), so the group treats it as a new member.
 */
public record MemberId(String host, int port, long startMs) implements Comparable<MemberId> {
  public MemberId {
    new HostPort(host, port); // validates host and port
    if (startMs < 0) {
      throw new IllegalArgumentException("start timestamp must be >= 0, got " + startMs);
    }
  }

  /** The UDP address the member's SWIM socket listens on. */
  public HostPort address() {
    return new HostPort(host, port);
  }

  /** Parses {@code host:port:startMs}, the form {@link #toString()} prints. */
  public static MemberId parse(String text) {
    int last = text.lastIndexOf(':');
    if (last <= 0) {
      throw new IllegalArgumentException("expected host:port:startMs, got '" + text + "'");
    }
    HostPort hp = HostPort.parse(text.substring(0, last));
    long start;
    try {
      start = Long.parseLong(text.substring(last + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("start timestamp is not a number in '" + text + "'");
    }
    return new MemberId(hp.host(), hp.port(), start);
  }

  /**
   * Written out (the generated one works through method handles) because member tables compare IDs
   * on every packet: identity first, as the same instance is usually shared.
   */
  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof MemberId m
            && port == m.port
            && startMs == m.startMs
            && host.equals(m.host));
  }

  @Override
  public int hashCode() {
    return (host.hashCode() * 31 + port) * 31 + Long.hashCode(startMs);
  }

  @Override
  public String toString() {
    return address() + ":" + startMs;
  }

  @Override
  public int compareTo(MemberId o) {
    int c = address().compareTo(o.address());
    return c != 0 ? c : Long.compare(startMs, o.startMs);
  }
}
