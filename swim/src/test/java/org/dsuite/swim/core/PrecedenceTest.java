package org.dsuite.swim.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.dsuite.swim.api.MemberStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrecedenceTest {
  private static MemberState state(String s, long inc) {
    return MemberState.of(MemberStatus.valueOf(s), inc, 0);
  }

  /** The SWIM paper's rules (section 4.2) plus Left as terminal and refutation of Dead. */
  @ParameterizedTest(name = "{0}({1}) <- {2}({3}) = {4}")
  @CsvSource({
    "ALIVE, 1, ALIVE, 2, true",
    "ALIVE, 1, ALIVE, 1, false",
    "ALIVE, 1, SUSPECT, 1, true",
    "ALIVE, 1, SUSPECT, 0, false",
    "ALIVE, 1, DEAD, 1, true",
    "ALIVE, 1, DEAD, 0, false",
    "ALIVE, 1, LEFT, 1, true",
    "SUSPECT, 1, ALIVE, 1, false",
    "SUSPECT, 1, ALIVE, 2, true",
    "SUSPECT, 1, SUSPECT, 1, false",
    "SUSPECT, 1, SUSPECT, 2, true",
    "SUSPECT, 1, DEAD, 1, true",
    "SUSPECT, 2, DEAD, 1, false",
    "DEAD, 1, ALIVE, 1, false",
    "DEAD, 1, ALIVE, 2, true",
    "DEAD, 1, SUSPECT, 5, false",
    "DEAD, 1, DEAD, 5, false",
    "DEAD, 1, LEFT, 1, true",
    "LEFT, 1, ALIVE, 9, false",
    "LEFT, 1, SUSPECT, 9, false",
    "LEFT, 1, DEAD, 9, false",
    "LEFT, 1, LEFT, 9, false",
  })
  void updatesWinByTheSwimRules(String cur, long curInc, String upd, long updInc, boolean wins) {
    assertThat(Precedence.supersedes(state(cur, curInc), MemberStatus.valueOf(upd), updInc))
        .isEqualTo(wins);
  }

  @ParameterizedTest
  @CsvSource({
    "SUSPECT, 1, SUSPECT, 1, true",
    "SUSPECT, 1, SUSPECT, 2, false",
    "ALIVE, 1, SUSPECT, 1, false"
  })
  void aSameIncarnationSuspicionIsAConfirmation(
      String cur, long curInc, String upd, long updInc, boolean confirms) {
    assertThat(Precedence.isConfirmation(state(cur, curInc), MemberStatus.valueOf(upd), updInc))
        .isEqualTo(confirms);
  }
}
