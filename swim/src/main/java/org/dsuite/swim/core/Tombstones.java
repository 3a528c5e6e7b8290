package org.dsuite.swim.core;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.dsuite.swim.api.MemberId;

/**
 * Failed and left members in the order they left the group, so the oldest can be forgotten after
 * {@code forget-after-ms} without scanning the table. A row's time is its tombstone's age. Entries
 * of members that came back, or were already forgotten, are skipped when met.
 */
final class Tombstones {
  private final long forgetAfterMs;
  private final ArrayDeque<MemberId> queue = new ArrayDeque<>();

  Tombstones(long forgetAfterMs) {
    this.forgetAfterMs = forgetAfterMs;
  }

  void add(MemberId id) {
    queue.add(id);
  }

  /** Removes the rows older than the limit, calling {@code forget} with each ID first. */
  void forgetOld(long nowMs, MemberRows rows, Consumer<MemberId> forget) {
    while (!queue.isEmpty()) {
      MemberId id = queue.peekFirst();
      int slot = rows.find(id);
      if (slot < 0 || rows.inGroup(slot)) {
        queue.pollFirst(); // revived or already forgotten
      } else if (nowMs - rows.timeMs(slot) >= forgetAfterMs) {
        queue.pollFirst();
        forget.accept(id);
        rows.remove(slot);
      } else {
        return;
      }
    }
  }

  /** When the oldest tombstone expires (0 if it is stale: look now), or {@code Long.MAX_VALUE}. */
  long nextExpiryMs(MemberRows rows) {
    MemberId first = queue.peekFirst();
    if (first == null) {
      return Long.MAX_VALUE;
    }
    int slot = rows.find(first);
    return slot < 0 ? 0 : rows.timeMs(slot) + forgetAfterMs;
  }
}
