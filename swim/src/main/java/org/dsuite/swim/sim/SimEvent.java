package org.dsuite.swim.sim;

import org.dsuite.common.net.HostPort;
import org.dsuite.swim.core.Message;

/** A queued event, ordered by (time, sequence) so equal times replay in a fixed order. */
final class SimEvent implements Comparable<SimEvent> {
  enum Kind {
    TICK,
    /** A packet arrives at the node's socket. */
    DELIVER,
    /** A starved node gets round to a packet that arrived earlier (see Simulation#starve). */
    PROCESS,
    CONTROL
  }

  final long timeMs;
  final long seq;
  final Kind kind;
  final int node;
  final HostPort from;
  final Message message;
  final Runnable action;

  /** When the packet reached the node's socket (a starved node handles it later). */
  final long arrivedMs;

  SimEvent(
      long timeMs, long seq, Kind kind, int node, HostPort from, Message message, Runnable action) {
    this(timeMs, seq, kind, node, from, message, action, timeMs);
  }

  SimEvent(
      long timeMs,
      long seq,
      Kind kind,
      int node,
      HostPort from,
      Message message,
      Runnable action,
      long arrivedMs) {
    this.arrivedMs = arrivedMs;
    this.timeMs = timeMs;
    this.seq = seq;
    this.kind = kind;
    this.node = node;
    this.from = from;
    this.message = message;
    this.action = action;
  }

  @Override
  public int compareTo(SimEvent o) {
    int c = Long.compare(timeMs, o.timeMs);
    return c != 0 ? c : Long.compare(seq, o.seq);
  }
}
