package org.dsuite.rainstorm.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.dsuite.rainstorm.engine.core.Dedupe.Verdict;
import org.junit.jupiter.api.Test;

class DedupeTest {
  private static final long A = TupleId.stream(1, 0, 2, 0);
  private static final long B = TupleId.stream(1, 1, 2, 0);

  private static TupleId a(long n) {
    return TupleId.sequenced(A, n);
  }

  @Test
  void inOrderInputsKeepOnlyTheMark() {
    Dedupe d = new Dedupe(4);
    for (long n = 1; n <= 1_000; n++) {
      assertThat(d.check(a(n))).isEqualTo(Verdict.NEW);
      d.add(a(n));
    }
    assertThat(d.size()).isEqualTo(1);
    assertThat(d.check(a(1))).isEqualTo(Verdict.DUPLICATE);
    assertThat(d.check(a(1_000))).isEqualTo(Verdict.DUPLICATE);
    assertThat(d.check(a(1_001))).isEqualTo(Verdict.NEW);
    assertThat(d.check(TupleId.sequenced(B, 1))).as("another stream").isEqualTo(Verdict.NEW);
  }

  @Test
  void aGapHoldsAtMostTheWindowAndClosesWhenFilled() {
    Dedupe d = new Dedupe(3);
    d.add(a(2));
    d.add(a(3));
    assertThat(d.size()).isEqualTo(3);
    assertThat(d.check(a(4))).as("more than 3 above the mark 0").isEqualTo(Verdict.AHEAD);
    assertThat(d.check(a(3))).isEqualTo(Verdict.DUPLICATE);
    assertThat(d.check(a(1))).isEqualTo(Verdict.NEW);
    d.add(a(1));
    assertThat(d.size()).isEqualTo(1);
    assertThat(d.marks().get(A).upTo()).isEqualTo(3);
    assertThat(d.check(a(4))).isEqualTo(Verdict.NEW);
    assertThat(d.check(a(7))).isEqualTo(Verdict.AHEAD);
  }

  @Test
  void sourceLinesNeedOneNumber() {
    Dedupe d = new Dedupe(1);
    for (long line : new long[] {1, 4, 7, 10}) {
      d.add(TupleId.ofSourceLine(line));
    }
    assertThat(d.contains(TupleId.ofSourceLine(7))).isTrue();
    assertThat(d.contains(TupleId.ofSourceLine(13))).isFalse();
    assertThat(d.size()).isEqualTo(1);
  }

  @Test
  void agreesWithAPlainSetUnderRandomOrder() {
    Random rnd = new Random(5);
    Dedupe d = new Dedupe(50);
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      long upTo = d.marks().getOrDefault(A, new Dedupe.Mark(0, Set.of())).upTo();
      long n = Math.max(1, upTo - 10 + rnd.nextInt(70));
      Verdict v = d.check(a(n));
      if (n - upTo > 50) {
        assertThat(v).isEqualTo(Verdict.AHEAD);
        continue;
      }
      assertThat(v).isEqualTo(seen.contains(n) ? Verdict.DUPLICATE : Verdict.NEW);
      if (v == Verdict.NEW) {
        d.add(a(n));
        seen.add(n);
      }
      assertThat(d.size()).isLessThanOrEqualTo(1 + 50);
    }
  }

  @Test
  void rejectsIdsThatAreNeitherLinesNorSequenced() {
    assertThatThrownBy(() -> new Dedupe(1).check(new TupleId(5, 5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TupleId.stream(128, 0, 0, 0)).hasMessageContaining("stage");
  }
}
