package org.dsuite.swim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LagRefutationTest {
  @Test
  void packetsHandledInTimeAreNoEvidence() {
    LagRefutation r = new LagRefutation(150, 300);
    assertThat(r.onHandled(1_000, 1_000)).isFalse();
    assertThat(r.onHandled(1_149, 1_000)).isFalse();
    assertThat(r.announcing(1_149)).isFalse();
    assertThat(r.bumps()).isZero();
  }

  @Test
  void aLatePacketRaisesAtOnceThenAtMostOncePerInterval() {
    LagRefutation r = new LagRefutation(150, 300);
    assertThat(r.onHandled(1_150, 1_000)).isTrue();
    assertThat(r.announcing(1_150)).isTrue();
    assertThat(r.onHandled(1_300, 1_000)).as("too soon").isFalse();
    assertThat(r.onHandled(1_449, 1_000)).as("too soon").isFalse();
    assertThat(r.onHandled(1_450, 1_000)).isTrue();
    assertThat(r.bumps()).isEqualTo(2);
    // the evidence stops: the announcement ends one interval after the last late packet
    assertThat(r.announcing(1_749)).isTrue();
    assertThat(r.announcing(1_750)).isFalse();
  }

  @Test
  void zeroTurnsItOff() {
    LagRefutation r = new LagRefutation(0, 300);
    assertThat(r.onHandled(60_000, 0)).isFalse();
    assertThat(r.announcing(60_000)).isFalse();
    assertThatThrownBy(() -> new LagRefutation(-1, 300))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LagRefutation(150, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Over any sequence of handled packets: no raise without a packet at least the threshold late,
   * and never more raises than one plus the elapsed time over the interval (the rate bound that
   * keeps its cost per starved member at one ALIVE per interval).
   */
  @Property(tries = 200)
  void raisesNeedEvidenceAndAreRateBounded(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 2_000) int thresholdMs,
      @ForAll @IntRange(min = 1, max = 2_000) int intervalMs) {
    SplittableRandom rnd = new SplittableRandom(seed);
    LagRefutation r = new LagRefutation(thresholdMs, intervalMs);
    long now = rnd.nextLong(1_000_000);
    long start = now;
    long lastRaise = Long.MIN_VALUE;
    boolean anyLate = false;
    for (int i = 0; i < 500; i++) {
      now += rnd.nextInt(200);
      long lag = rnd.nextInt(2) == 0 ? rnd.nextInt(thresholdMs) : rnd.nextInt(3 * thresholdMs);
      boolean late = lag >= thresholdMs;
      anyLate |= late;
      boolean raised = r.onHandled(now, now - lag);
      if (raised) {
        assertThat(late).as("raise without evidence").isTrue();
        if (lastRaise != Long.MIN_VALUE) {
          assertThat(now - lastRaise).isGreaterThanOrEqualTo(intervalMs);
        }
        lastRaise = now;
      }
      if (late) {
        assertThat(r.announcing(now)).isTrue();
      }
    }
    assertThat(r.bumps()).isLessThanOrEqualTo(1 + (now - start) / intervalMs);
    if (!anyLate) {
      assertThat(r.bumps()).isZero();
    }
  }
}
