package org.dsuite.swim.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.dsuite.swim.api.MemberId;
import org.junit.jupiter.api.Test;

class RetransmitsTest {
  private static MemberUpdate alive(int i, long inc) {
    return MemberUpdate.alive(new MemberId("10.0.0." + i, 7946, 1), inc, Map.of());
  }

  @Test
  void leastSentFirstThenNewestAndDroppedAtTheLimit() {
    Retransmits q = new Retransmits();
    q.add(alive(1, 0));
    q.add(alive(2, 0));
    assertThat(q.take(1000, 2, g -> 10)).containsExactly(alive(2, 0), alive(1, 0));
    q.add(alive(3, 0));
    assertThat(q.take(10, 2, g -> 10)).containsExactly(alive(3, 0)); // never sent goes first
    assertThat(q.take(1000, 2, g -> 10)).hasSize(3);
    assertThat(q.size()).isZero(); // each reached 2 transmissions
  }

  @Test
  void aNewerUpdateAboutTheSameMemberReplacesTheOlder() {
    Retransmits q = new Retransmits();
    q.add(alive(1, 0));
    q.add(alive(1, 3));
    assertThat(q.take(1000, 5, g -> 10)).containsExactly(alive(1, 3));
  }

  @Test
  void onlyWhatFitsTheBudgetIsTaken() {
    Retransmits q = new Retransmits();
    for (int i = 0; i < 10; i++) {
      q.add(alive(i, 0));
    }
    List<Gossip> taken = q.take(35, 5, g -> 10);
    assertThat(taken).hasSize(3);
  }
}
