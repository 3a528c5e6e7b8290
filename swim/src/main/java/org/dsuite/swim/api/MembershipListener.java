package org.dsuite.swim.api;

/**
 * Membership events, delivered in the order the local member learns them, on one event thread per
 * {@link Membership} (never on the protocol thread: a slow listener cannot stall probing).
 */
public interface MembershipListener {
  /** A member joined the group (or was first learned of). */
  default void onJoin(MemberInfo member) {}

  /** A member is suspected of having failed; it may still refute. */
  default void onSuspect(MemberInfo member) {}

  /** A suspected member refuted and is alive again. */
  default void onAlive(MemberInfo member) {}

  /** A member was declared failed. */
  default void onFail(MemberInfo member) {}

  /** A member left voluntarily. */
  default void onLeave(MemberInfo member) {}
}
