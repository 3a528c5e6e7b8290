package org.dsuite.swim.core;

import java.util.Map;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.api.MemberInfo;

/** One row of the member table (mutable, confined to the core). */
final class Member {
  final MemberId id;
  MemberState state;
  Map<String, String> metadata;

  /** Lifeguard suspicion timer; non-null exactly when the state is Suspect. */
  Suspicion suspicion;

  /** Last time a message from this member arrived (for detection-time measurement). */
  long lastHeardMs;

  Member(MemberId id, MemberState state, Map<String, String> metadata) {
    this.id = id;
    this.state = state;
    this.metadata = Map.copyOf(metadata);
  }

  boolean inGroup() {
    return state.status().inGroup();
  }

  MemberInfo info() {
    return new MemberInfo(id, state.status(), state.incarnation(), metadata);
  }
}
