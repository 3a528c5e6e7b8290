package org.dsuite.swim.api;

/** What the local member believes about another member, as exposed to other modules. */
public enum MemberStatus {
  ALIVE,
  SUSPECT,
  DEAD,
  LEFT;

  /** Alive and suspected members are still in the group (a suspect may refute). */
  public boolean inGroup() {
    return this == ALIVE || this == SUSPECT;
  }
}
