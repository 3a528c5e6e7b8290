package org.dsuite.swim.core;

import java.util.ArrayList;
import java.util.List;
import org.dsuite.common.net.HostPort;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.api.MemberStatus;

/**
 * Choosing peers from the member table's rows: the next probe target (round-robin over a shuffled
 * order, {@link ProbeOrder}), ping-req helpers and leave fan-out (random in-group members, drawn
 * from the same order, which holds every in-group slot exactly once) and the anti-entropy peer.
 */
final class PeerChoice {
  private final MemberRows rows;
  private final RandomSource random;

  /** The in-group slots (and some that left it since the last pass, skipped when met). */
  private final ProbeOrder order;

  PeerChoice(MemberRows rows, RandomSource random) {
    this.rows = rows;
    this.random = random;
    this.order = new ProbeOrder(random);
  }

  void reserve(int n) {
    order.reserve(n);
  }

  /** The member at {@code slot} joined the group (again). */
  void enter(int slot) {
    order.insert(slot);
  }

  int probeOrderSize() {
    return order.size();
  }

  MemberId nextProbeTarget() {
    int slot = order.next(rows::inGroup);
    return slot < 0 ? null : rows.id(slot);
  }

  /**
   * Up to {@code n} distinct random in-group members other than {@code exclude}, suspects only if
   * too few others are found. Drawn from the probe order, which holds every in-group slot once.
   */
  List<MemberId> randomInGroup(int n, MemberId exclude, int inGroup) {
    List<MemberId> out = new ArrayList<>();
    int excludedSlot = exclude == null ? -1 : rows.find(exclude);
    int excluded = excludedSlot >= 0 && rows.inGroup(excludedSlot) ? 1 : 0;
    int want = Math.min(n, inGroup - excluded);
    for (int tries = 0; out.size() < want && tries < 4 * want + 8; tries++) {
      int slot = order.randomEntry();
      if (slot >= 0 && rows.inGroup(slot)) {
        consider(slot, exclude, out, tries > 2 * want);
      }
    }
    if (out.size() < want) {
      fillByScan(exclude, want, out);
    }
    return out;
  }

  /** Few in-group entries among many stale ones: a scan from a random place fills the rest. */
  private void fillByScan(MemberId exclude, int want, List<MemberId> out) {
    int size = order.size();
    int start = random.nextInt(size);
    for (int k = 0; k < 2 * size && out.size() < want; k++) {
      int slot = order.entry((start + k) % size);
      if (rows.inGroup(slot)) {
        consider(slot, exclude, out, k >= size);
      }
    }
  }

  private void consider(int slot, MemberId exclude, List<MemberId> out, boolean suspectOk) {
    MemberId id = rows.id(slot);
    if (!id.equals(exclude) && !out.contains(id)) {
      if (suspectOk || rows.status(slot) != MemberStatus.SUSPECT) {
        out.add(id);
      }
    }
  }

  /**
   * A random member that has not left (failed ones included, so a healed partition merges). One
   * pass over the table, as anti-entropy (its only caller) sends the whole table anyway.
   */
  MemberId randomKnownNotLeft() {
    MemberId chosen = null;
    int seen = 0;
    for (int slot = 0; slot < rows.highWater(); slot++) {
      if (rows.live(slot) && rows.status(slot) != MemberStatus.LEFT) {
        seen++;
        if (random.nextInt(seen) == 0) {
          chosen = rows.id(slot);
        }
      }
    }
    return chosen;
  }

  /** Whether a member in the group listens at {@code address} (O(N); anti-entropy only). */
  boolean hasInGroupAt(HostPort address) {
    for (int slot = 0; slot < rows.highWater(); slot++) {
      if (rows.inGroup(slot) && rows.id(slot).address().equals(address)) {
        return true;
      }
    }
    return false;
  }
}
