package org.dsuite.swim.core;

/**
 * One piggybacked update. A newer update with the same {@link #key()} replaces an older one in the
 * dissemination queue.
 */
public sealed interface Gossip permits MemberUpdate, SuspicionSwitch {
  /** Identity of what the update is about (a member ID, or the suspicion switch). */
  Object key();
}
