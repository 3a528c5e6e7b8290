package org.dsuite.swim.core;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Round-robin probe order over a randomly ordered list of member-table slots (SWIM section 4.3):
 * every member is probed once per pass, which bounds the time to first detection. New members go in
 * at random positions among those still to be probed this pass (O(1): the member displaced moves to
 * the end), so the order is a uniformly random permutation. Unlike the paper (and memberlist) a
 * finished pass is not reshuffled: with a reshuffle, a member probed early in one pass can come
 * late in the next, up to two passes (2n - 1 periods, the paper's bound) apart, and with 3 of 8-12
 * members crashing at once that gap pushed 5 of 1,800 first detections past 5 s; a kept order
 * probes each member exactly every n - 1 periods (a join can move the one member it displaces to
 * the end of the current pass, once). Each member's order is its own random permutation, so the
 * chance that some member probes a given target in a period is the same as with reshuffling. Slots
 * that stopped being probeable are dropped lazily, when met or at the end of the pass.
 */
public final class ProbeOrder {
  private final RandomSource random;
  private int[] order = new int[8];
  private int size;
  private boolean[] present = new boolean[8];
  private int next;

  public ProbeOrder(RandomSource random) {
    this.random = random;
  }

  /** Makes room for {@code n} slots, so a known membership is loaded without regrowing. */
  public void reserve(int n) {
    if (n > order.length) {
      order = Arrays.copyOf(order, n);
    }
    if (n > present.length) {
      present = Arrays.copyOf(present, n);
    }
  }

  /** Adds {@code slot} (>= 0) unless it is already in the order. */
  public void insert(int slot) {
    if (slot >= present.length) {
      present = Arrays.copyOf(present, Math.max(slot + 1, present.length + (present.length >> 1)));
    }
    if (present[slot]) {
      return;
    }
    present[slot] = true;
    if (size == order.length) {
      order = Arrays.copyOf(order, order.length + (order.length >> 1));
    }
    // a random position among those not yet probed this pass; the member there moves to the end
    int last = size++;
    int pos = next + random.nextInt(last - next + 1);
    order[last] = order[pos];
    order[pos] = slot;
  }

  /** Next slot that {@code probeable} accepts, or -1; drops the rest as it goes. */
  public int next(IntPredicate probeable) {
    for (int tries = 0; tries <= size + 1; tries++) {
      if (next >= size) {
        startPass(probeable);
        if (size == 0) {
          return -1;
        }
      }
      int slot = order[next++];
      if (probeable.test(slot)) {
        return slot;
      }
    }
    return -1;
  }

  /**
   * A uniformly random entry (every slot in the order appears once), or -1 if empty; the caller
   * rejects entries that are no longer probeable.
   */
  public int randomEntry() {
    return size == 0 ? -1 : order[random.nextInt(size)];
  }

  /** The entry at {@code i} in [0, size), for a scan. */
  public int entry(int i) {
    return order[i];
  }

  /** Starts the next pass over the same order, without the slots no longer probeable. */
  private void startPass(IntPredicate probeable) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      int slot = order[i];
      if (probeable.test(slot)) {
        order[kept++] = slot;
      } else {
        present[slot] = false;
      }
    }
    size = kept;
    next = 0;
  }

  public int size() {
    return size;
  }
}
