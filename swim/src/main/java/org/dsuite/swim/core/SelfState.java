package org.dsuite.swim.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.api.MemberInfo;
import org.dsuite.swim.api.MemberStatus;

/**
 * This member's own row, which is not in the table: its incarnation, metadata and whether it left,
 * and the refutation rule (an accusation at our incarnation or above is answered with ALIVE one
 * higher).
 */
final class SelfState {
  private final MemberId id;
  private final Map<String, String> metadata;
  private final LocalHealth health;
  private long incarnation;
  private boolean left;
  private long refutations;

  /** Members whose accusations were just refuted; told directly (see SwimCore). */
  private final List<MemberId> accusers = new ArrayList<>();

  SelfState(MemberId id, Map<String, String> metadata, LocalHealth health) {
    this.id = id;
    this.metadata = Map.copyOf(metadata);
    this.health = health;
  }

  MemberId id() {
    return id;
  }

  boolean left() {
    return left;
  }

  long refutations() {
    return refutations;
  }

  /**
   * An update about this member arrived; true if it raised the incarnation, so our new ALIVE must
   * be disseminated.
   */
  boolean onUpdate(MemberUpdate u) {
    if (left) {
      return false; // leaving: let the group forget us
    }
    boolean accused = u.status() != MemberStatus.ALIVE;
    if (u.incarnation() > incarnation || (accused && u.incarnation() == incarnation)) {
      incarnation = u.incarnation() + 1;
      if (accused) {
        refutations++;
        health.add(1); // Lifeguard: being suspected hints that we are the slow one
        if (!u.origin().equals(id) && accusers.size() < 16) {
          accusers.add(u.origin());
        }
      }
      return true;
    }
    return false;
  }

  /**
   * Raises the incarnation without an accusation (lag-aware self-refutation): true unless this
   * member left.
   */
  boolean raise() {
    if (left) {
      return false;
    }
    incarnation++;
    return true;
  }

  /** The accusers refuted since the last call, and forgets them. */
  List<MemberId> drainAccusers() {
    if (accusers.isEmpty()) {
      return List.of();
    }
    List<MemberId> out = List.copyOf(accusers);
    accusers.clear();
    return out;
  }

  MemberUpdate alive() {
    return MemberUpdate.alive(id, incarnation, metadata);
  }

  MemberUpdate leave() {
    left = true;
    return leftUpdate();
  }

  MemberUpdate leftUpdate() {
    return new MemberUpdate(id, MemberStatus.LEFT, incarnation, id, Map.of());
  }

  /** As others should see us: ALIVE, or LEFT once {@code leftGroup}. */
  MemberInfo info(boolean leftGroup) {
    return new MemberInfo(
        id, leftGroup ? MemberStatus.LEFT : MemberStatus.ALIVE, incarnation, metadata);
  }
}
