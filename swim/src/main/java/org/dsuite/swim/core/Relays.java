package org.dsuite.swim.core;

import java.util.ArrayList;
import java.util.List;
import org.dsuite.common.net.HostPort;

/**
 * The pings this member sent on behalf of other members' ping-reqs, each waiting for the target's
 * ack until its nack deadline. Bounded, so a flood of ping-reqs cannot make us flood others.
 */
final class Relays {
  /** A ping sent on behalf of {@code requester}'s ping-req {@code requesterSeq}. */
  record Relay(long seq, HostPort requester, long requesterSeq, long deadlineMs) {}

  private final List<Relay> open = new ArrayList<>();
  private final int max;

  Relays(int max) {
    this.max = max;
  }

  boolean full() {
    return open.size() >= max;
  }

  void add(Relay r) {
    open.add(r);
  }

  /** The relay whose ping {@code seq} was just acked, no longer open; null if none. */
  Relay takeAcked(long seq) {
    for (int i = 0; i < open.size(); i++) {
      if (open.get(i).seq() == seq) {
        return open.remove(i);
      }
    }
    return null;
  }

  /** The relays whose deadline passed by {@code nowMs}, no longer open, newest first. */
  List<Relay> expire(long nowMs) {
    List<Relay> due = new ArrayList<>();
    for (int i = open.size() - 1; i >= 0; i--) {
      if (nowMs >= open.get(i).deadlineMs()) {
        due.add(open.remove(i));
      }
    }
    return due;
  }

  /** The earliest deadline, or {@code Long.MAX_VALUE} if none is open. */
  long nextDeadlineMs() {
    long t = Long.MAX_VALUE;
    for (Relay r : open) {
      t = Math.min(t, r.deadlineMs());
    }
    return t;
  }
}
