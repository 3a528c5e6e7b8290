package org.dsuite.swim.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProbeOrderTest {
  private static int id(int i) {
    return i;
  }

  @Test
  void everyMemberIsProbedOncePerPass() {
    ProbeOrder order = new ProbeOrder(RandomSource.seeded(1));
    for (int i = 0; i < 20; i++) {
      order.insert(id(i));
    }
    for (int pass = 0; pass < 5; pass++) {
      Set<Integer> seen = new HashSet<>();
      for (int i = 0; i < 20; i++) {
        assertThat(seen.add(order.next(m -> true))).isTrue();
      }
    }
  }

  @Test
  void passesKeepTheOrderAndSkipDepartedMembers() {
    ProbeOrder order = new ProbeOrder(RandomSource.seeded(2));
    for (int i = 0; i < 10; i++) {
      order.insert(id(i));
    }
    List<Integer> first = new ArrayList<Integer>();
    List<Integer> second = new ArrayList<Integer>();
    for (int i = 0; i < 10; i++) {
      first.add(order.next(m -> true));
    }
    for (int i = 0; i < 9; i++) {
      second.add(order.next(m -> m != id(3)));
    }
    List<Integer> expected = new ArrayList<>(first);
    expected.remove(Integer.valueOf(id(3)));
    assertThat(second).isEqualTo(expected);
    assertThat(first).isNotEqualTo(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)); // a random order
  }

  @Test
  void withoutJoinsEachPeerIsProbedOnceEveryPassLength() {
    int n = 25;
    ProbeOrder order = new ProbeOrder(RandomSource.seeded(4));
    for (int i = 0; i < n; i++) {
      order.insert(id(i));
    }
    int[] last = new int[n];
    Arrays.fill(last, -1);
    for (int period = 0; period < 10 * n; period++) {
      int slot = order.next(m -> true);
      if (last[slot] >= 0) {
        assertThat(period - last[slot]).as("gap of %d", slot).isEqualTo(n);
      }
      last[slot] = period;
    }
  }

  @Test
  void aMemberInsertedMidPassIsProbedInThatPass() {
    ProbeOrder order = new ProbeOrder(RandomSource.seeded(3));
    for (int i = 0; i < 10; i++) {
      order.insert(id(i));
    }
    Set<Integer> seen = new HashSet<>();
    seen.add(order.next(m -> true));
    order.insert(id(99));
    for (int i = 0; i < 10; i++) {
      seen.add(order.next(m -> true));
    }
    assertThat(seen).hasSize(11).contains(id(99));
  }
}
