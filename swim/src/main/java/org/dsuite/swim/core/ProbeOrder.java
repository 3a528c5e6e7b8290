package org.dsuite.swim.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.dsuite.swim.api.MemberId;

/**
 * Round-robin probe order over a shuffled list (SWIM section 4.3): every member is probed once per
 * pass, which bounds the time to first detection; new members go in at random positions among those
 * still to be probed this pass (O(1): the member displaced moves to the end), and each pass
 * reshuffles.
 */
public final class ProbeOrder {
  private final RandomSource random;
  private final List<MemberId> order = new ArrayList<>();
  private final Set<MemberId> present = new HashSet<>();
  private int next;

  public ProbeOrder(RandomSource random) {
    this.random = random;
  }

  public void insert(MemberId id) {
    if (!present.add(id)) {
      return;
    }
    // a random position among those not yet probed this pass; the member there moves to the end
    order.add(id);
    int last = order.size() - 1;
    int pos = next + random.nextInt(last - next + 1);
    order.set(last, order.get(pos));
    order.set(pos, id);
  }

  /** Next member that {@code probeable} accepts, or null; drops the rest as it goes. */
  public MemberId next(Predicate<MemberId> probeable) {
    for (int tries = 0; tries <= order.size() + 1; tries++) {
      if (next >= order.size()) {
        reshuffle(probeable);
        if (order.isEmpty()) {
          return null;
        }
      }
      MemberId id = order.get(next++);
      if (probeable.test(id)) {
        return id;
      }
    }
    return null;
  }

  private void reshuffle(Predicate<MemberId> probeable) {
    order.removeIf(id -> !probeable.test(id));
    present.retainAll(order);
    for (int i = order.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      MemberId t = order.get(i);
      order.set(i, order.get(j));
      order.set(j, t);
    }
    next = 0;
  }

  public int size() {
    return order.size();
  }
}
