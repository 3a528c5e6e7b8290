package org.dsuite.swim.api;

import java.util.List;

/**
 * What other modules (dfs, rainstorm, grep, cluster) see of the group. Implemented by the SWIM
 * member; the interface lets them depend on membership without depending on the protocol.
 */
public interface Membership {
  /** This member. */
  MemberInfo self();

  /** Members currently in the group (alive or suspect), this member included, sorted by ID. */
  List<MemberInfo> members();

  /** Registers a listener; events that happen after this call are delivered to it. */
  void addListener(MembershipListener listener);

  void removeListener(MembershipListener listener);
}
