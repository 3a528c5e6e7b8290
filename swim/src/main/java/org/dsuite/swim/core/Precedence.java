package org.dsuite.swim.core;

import org.dsuite.swim.api.MemberStatus;

/**
 * The SWIM precedence rules, as a pure function. For a member currently in {@code current}, an
 * update {@code (status, incarnation)} wins when:
 *
 * <ul>
 *   <li>ALIVE i: over Alive/Suspect/Dead with incarnation j &lt; i (a refutation may revive a
 *       member wrongly declared dead, since its ID proves it is the same process);
 *   <li>SUSPECT i: over Alive j &lt;= i, over Suspect j &lt; i;
 *   <li>DEAD i: over Alive/Suspect j &lt;= i;
 *   <li>LEFT i: over Alive/Suspect/Dead j &lt;= i.
 * </ul>
 *
 * Nothing overrides Left: a member that left rejoins under a new ID. A suspect update with the same
 * incarnation as a current suspicion is not a new state but a confirmation ({@link
 * #isConfirmation}).
 */
public final class Precedence {
  private Precedence() {}

  public static boolean supersedes(MemberState current, MemberStatus status, long incarnation) {
    return supersedes(current.status(), current.incarnation(), status, incarnation);
  }

  /** The same rule over a current status and incarnation (the member table's columns). */
  public static boolean supersedes(
      MemberStatus current, long j, MemberStatus status, long incarnation) {
    return switch (current) {
      case ALIVE -> status == MemberStatus.ALIVE ? incarnation > j : incarnation >= j;
      case SUSPECT ->
          status == MemberStatus.ALIVE || status == MemberStatus.SUSPECT
              ? incarnation > j
              : incarnation >= j;
      case DEAD ->
          switch (status) {
            case ALIVE -> incarnation > j;
            case SUSPECT, DEAD -> false;
            case LEFT -> incarnation >= j;
          };
      case LEFT -> false; // Left is terminal
    };
  }

  /** Another member independently suspects the same incarnation. */
  public static boolean isConfirmation(MemberState current, MemberStatus status, long incarnation) {
    return isConfirmation(current.status(), current.incarnation(), status, incarnation);
  }

  /** The same test over a current status and incarnation. */
  public static boolean isConfirmation(
      MemberStatus current, long j, MemberStatus status, long incarnation) {
    return current == MemberStatus.SUSPECT && status == MemberStatus.SUSPECT && incarnation == j;
  }
}
