package org.dsuite.swim.core;

import org.dsuite.swim.api.MemberStatus;

/**
 * What the local member believes about another member. Every state carries the incarnation it was
 * learned at; the SWIM precedence rules ({@link Precedence}) decide which update wins.
 */
public sealed interface MemberState
    permits MemberState.Alive, MemberState.Suspect, MemberState.Dead, MemberState.Left {
  long incarnation();

  /** When the local member entered this state (virtual or wall-clock ms). */
  long sinceMs();

  MemberStatus status();

  /** Believed running; probed each round. */
  record Alive(long incarnation, long sinceMs) implements MemberState {
    @Override
    public MemberStatus status() {
      return MemberStatus.ALIVE;
    }
  }

  /** Missed a probe; declared dead after the suspicion timeout unless it refutes. */
  record Suspect(long incarnation, long sinceMs) implements MemberState {
    @Override
    public MemberStatus status() {
      return MemberStatus.SUSPECT;
    }
  }

  /** Declared failed; kept as a tombstone until forgotten so stale gossip cannot revive it. */
  record Dead(long incarnation, long sinceMs) implements MemberState {
    @Override
    public MemberStatus status() {
      return MemberStatus.DEAD;
    }
  }

  /** Left voluntarily; terminal for this member ID. */
  record Left(long incarnation, long sinceMs) implements MemberState {
    @Override
    public MemberStatus status() {
      return MemberStatus.LEFT;
    }
  }

  static MemberState of(MemberStatus status, long incarnation, long sinceMs) {
    return switch (status) {
      case ALIVE -> new Alive(incarnation, sinceMs);
      case SUSPECT -> new Suspect(incarnation, sinceMs);
      case DEAD -> new Dead(incarnation, sinceMs);
      case LEFT -> new Left(incarnation, sinceMs);
    };
  }
}
