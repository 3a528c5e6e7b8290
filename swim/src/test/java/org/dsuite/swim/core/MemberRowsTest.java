package org.dsuite.swim.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.api.MemberStatus;
import org.junit.jupiter.api.Test;

/**
 * The compact rows against a {@link HashMap} as the reference: random adds and removes (so the
 * open-addressing index shifts runs back on deletion and slots are reused) must never lose a row,
 * find a removed one, or mix up two rows' columns.
 */
class MemberRowsTest {
  private record Row(MemberStatus status, long incarnation, long timeMs) {}

  @Property(tries = 200)
  void behavesLikeAMap(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int universe) {
    SplittableRandom r = new SplittableRandom(seed);
    MemberRows rows = new MemberRows();
    Map<MemberId, Row> truth = new HashMap<>();
    Map<MemberId, Integer> slots = new HashMap<>();
    MemberStatus[] statuses = MemberStatus.values();
    for (int op = 0; op < 2_000; op++) {
      // fresh instances each time: equal IDs must be found by value, not identity
      MemberId id =
          new MemberId("10.0." + (r.nextInt(universe) % 7) + ".1", 1 + r.nextInt(universe), 5);
      int slot = rows.find(id);
      assertThat(slot >= 0).as("present %s", id).isEqualTo(truth.containsKey(id));
      if (slot < 0) {
        Row row = new Row(statuses[r.nextInt(statuses.length)], r.nextLong(1 << 20), op);
        slots.put(id, rows.add(id, row.status(), row.incarnation(), row.timeMs()));
        truth.put(id, row);
      } else if (r.nextBoolean()) {
        assertThat(slot).isEqualTo(slots.get(id));
        rows.remove(slot);
        truth.remove(id);
        slots.remove(id);
      } else {
        rows.set(slot, MemberStatus.SUSPECT, op, -op);
        truth.put(id, new Row(MemberStatus.SUSPECT, op, -op));
      }
    }
    assertThat(rows.size()).isEqualTo(truth.size());
    Set<Integer> used = new HashSet<>();
    for (Map.Entry<MemberId, Row> e : truth.entrySet()) {
      int slot = rows.find(e.getKey());
      assertThat(used.add(slot)).as("slot %d shared", slot).isTrue();
      assertThat(rows.live(slot)).isTrue();
      assertThat(rows.id(slot)).isEqualTo(e.getKey());
      Row got = new Row(rows.status(slot), rows.incarnation(slot), rows.timeMs(slot));
      assertThat(got).isEqualTo(e.getValue());
    }
    int live = 0;
    for (int slot = 0; slot < rows.highWater(); slot++) {
      live += rows.live(slot) ? 1 : 0;
    }
    assertThat(live).isEqualTo(truth.size());
  }

  @Test
  void slotsOfRemovedRowsAreReusedSoTheArraysStaySmall() {
    MemberRows rows = new MemberRows();
    for (int round = 0; round < 1_000; round++) {
      int a = rows.add(new MemberId("10.0.0.1", 1000 + round, 1), MemberStatus.ALIVE, 0, 0);
      int b = rows.add(new MemberId("10.0.0.2", 1000 + round, 1), MemberStatus.DEAD, 0, 0);
      rows.remove(a);
      rows.remove(b);
    }
    assertThat(rows.size()).isZero();
    assertThat(rows.highWater()).isEqualTo(2);
  }
}
