package org.dsuite.swim.sim;

import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.core.MemberEvent;
import org.dsuite.swim.core.Message;

/**
 * Watches a simulation from outside, for diagnosing a rare outcome (e.g. which messages about a
 * member were lost before it was wrongly declared failed). It sees the same events in the same
 * order on every replay of a seed, and must not change anything.
 */
public interface SimTap {
  /**
   * One copy of a message left node {@code from} for node {@code to} at {@code nowMs}; {@code lost}
   * if the network dropped it (a partition or loss).
   */
  default void sent(long nowMs, int from, int to, Message m, boolean lost) {}

  /** A member published an event; {@code subjectRunning} is the ground truth about its subject. */
  default void event(long nowMs, MemberId observer, MemberEvent e, boolean subjectRunning) {}
}
