package org.dsuite.swim.core;

import org.dsuite.swim.api.MemberInfo;

/**
 * Something the local member learned, in the order it learned it.
 *
 * @param member the member concerned (this member itself for {@link Kind#SUSPICION_SWITCH})
 * @param suspicionEnabled the suspicion setting after the event
 */
public record MemberEvent(Kind kind, MemberInfo member, long atMs, boolean suspicionEnabled) {
  public enum Kind {
    JOIN,
    SUSPECT,
    ALIVE,
    FAIL,
    LEAVE,
    SUSPICION_SWITCH
  }
}
