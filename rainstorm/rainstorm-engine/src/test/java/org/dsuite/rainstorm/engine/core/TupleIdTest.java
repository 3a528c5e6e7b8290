package org.dsuite.rainstorm.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TupleIdTest {
  @Test
  void childIdsAreDeterministicAndDistinct() {
    Set<TupleId> seen = new HashSet<>();
    for (int line = 0; line < 20_000; line++) {
      TupleId src = TupleId.ofSourceLine(line);
      assertThat(seen.add(src)).isTrue();
      for (int k = 0; k < 3; k++) {
        TupleId c = src.child(1, k);
        assertThat(c).isEqualTo(TupleId.ofSourceLine(line).child(1, k));
        assertThat(c.isSource()).isFalse();
        assertThat(seen.add(c)).isTrue();
        assertThat(seen.add(c.child(2, 0))).isTrue();
      }
    }
  }

  @Test
  void stageIsPartOfTheId() {
    TupleId src = TupleId.ofSourceLine(5);
    assertThat(src.child(1, 0)).isNotEqualTo(src.child(2, 0));
  }

  @Test
  void rejectsNegativeLine() {
    assertThatThrownBy(() -> TupleId.ofSourceLine(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
