package org.dsuite.swim.core;

import org.dsuite.swim.api.MemberId;

/**
 * The probe of the current protocol period: its target, when the direct ping times out (then the
 * ping-reqs go out), when the period ends (then it failed unless acked), and Lifeguard's count of
 * the helpers' nacks.
 */
final class Probe {
  final MemberId target;
  final long seq;
  final long timeoutAtMs;
  final long endAtMs;
  boolean acked;
  boolean indirectSent;
  int nacksExpected;
  int nacksReceived;

  Probe(MemberId target, long seq, long timeoutAtMs, long endAtMs) {
    this.target = target;
    this.seq = seq;
    this.timeoutAtMs = timeoutAtMs;
    this.endAtMs = endAtMs;
  }
}
