package org.dsuite.swim.core;

import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.api.MemberStatus;

/** The member table's invariants, checked by the simulator after every event. */
final class TableInvariants {
  private TableInvariants() {}

  /** The cheap checks (O(suspects)), run at any size. */
  static void check(
      SwimConfig cfg, MemberRows rows, Suspects suspects, PeerChoice peers, int inGroup) {
    if (rows.size() >= cfg.membersMax()) {
      throw new IllegalStateException("member table over its limit");
    }
    if (inGroup > rows.size() || inGroup > peers.probeOrderSize()) {
      throw new IllegalStateException("in-group count larger than the table or the probe order");
    }
    for (MemberId id : suspects.ids()) {
      int slot = rows.find(id);
      if (slot < 0 || rows.status(slot) != MemberStatus.SUSPECT) {
        throw new IllegalStateException("suspect set out of step for " + id);
      }
    }
  }

  /** The O(N) checks, for small simulations. */
  static void checkDeep(MemberId self, MemberRows rows, Suspects suspects, int inGroup) {
    if (rows.find(self) >= 0) {
      throw new IllegalStateException("self in member table");
    }
    int in = 0;
    int suspect = 0;
    int live = 0;
    for (int slot = 0; slot < rows.highWater(); slot++) {
      if (!rows.live(slot)) {
        continue;
      }
      live++;
      MemberId id = rows.id(slot);
      if (rows.find(id) != slot) {
        throw new IllegalStateException("index out of step for " + id);
      }
      suspect += rows.status(slot) == MemberStatus.SUSPECT ? 1 : 0;
      in += rows.inGroup(slot) ? 1 : 0;
    }
    if (suspect != suspects.size()) {
      throw new IllegalStateException("suspicion timers " + suspects.size() + " != " + suspect);
    }
    if (in != inGroup || live != rows.size()) {
      throw new IllegalStateException("in-group count " + inGroup + " != " + in);
    }
  }
}
