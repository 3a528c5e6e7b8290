package org.dsuite.dfs.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.dsuite.dfs.core.ViewCheck.PeerView;
import org.dsuite.dfs.core.ViewCheck.Verdict;
import org.junit.jupiter.api.Test;

/** The rule deciding when a server that has just joined knows every HyDFS server. */
class ViewCheckTest {
  static final Set<String> MINE = Set.of("me", "a", "b", "c");

  static Map<String, PeerView> answers(Object... idCompleteRing) {
    Map<String, PeerView> m = new HashMap<>();
    for (int i = 0; i < idCompleteRing.length; i += 3) {
      @SuppressWarnings("unchecked")
      Set<String> ring = (Set<String>) idCompleteRing[i + 2];
      m.put((String) idCompleteRing[i], new PeerView((Boolean) idCompleteRing[i + 1], ring));
    }
    return m;
  }

  @Test
  void aServerAloneInItsViewHasNobodyToCompareWith() {
    assertThat(ViewCheck.decide("me", Set.of("me"), Map.of())).isEqualTo(Verdict.ALONE);
    assertThat(ViewCheck.decide("me", Set.of(), Map.of())).isEqualTo(Verdict.ALONE);
  }

  @Test
  void everyPeerAnsweringWithNobodyUnknownMakesTheViewComplete() {
    Map<String, PeerView> a =
        answers("a", false, MINE, "b", false, Set.of("a", "b"), "c", false, MINE);
    assertThat(ViewCheck.decide("me", MINE, a)).isEqualTo(Verdict.COMPLETE);
  }

  @Test
  void onePeerKnowingAServerThisOneDoesNotKeepsItIncomplete() {
    Set<String> more = Set.of("me", "a", "b", "c", "d");
    assertThat(ViewCheck.decide("me", MINE, answers("a", true, more, "b", true, MINE)))
        .isEqualTo(Verdict.INCOMPLETE);
    assertThat(ViewCheck.decide("me", MINE, answers("a", false, MINE, "b", false, more)))
        .isEqualTo(Verdict.INCOMPLETE);
  }

  @Test
  void aCompletePeerVouchesEvenIfOthersDoNotAnswer() {
    assertThat(ViewCheck.decide("me", MINE, answers("b", true, Set.of("a", "b", "c"))))
        .isEqualTo(Verdict.COMPLETE);
  }

  @Test
  void withoutACompletePeerEveryPeerMustAnswer() {
    assertThat(ViewCheck.decide("me", MINE, answers("a", false, MINE, "b", false, MINE)))
        .isEqualTo(Verdict.INCOMPLETE);
    assertThat(ViewCheck.decide("me", MINE, Map.of())).isEqualTo(Verdict.INCOMPLETE);
  }

  @Test
  void answersFromServersOutsideTheViewCountForNothing() {
    Map<String, PeerView> a =
        answers("x", true, MINE, "a", false, MINE, "b", false, MINE, "me", true, MINE);
    assertThat(ViewCheck.decide("me", MINE, a)).isEqualTo(Verdict.INCOMPLETE);
  }

  @Test
  void aPeerListingThisServerWhenItsOwnRingLacksItIsNoSignOfAGap() {
    Set<String> withoutMe = Set.of("a", "b");
    assertThat(ViewCheck.decide("me", withoutMe, answers("a", false, MINE, "b", false, MINE)))
        .isEqualTo(Verdict.INCOMPLETE); // MINE lists c, unknown here
    assertThat(
            ViewCheck.decide(
                "me",
                withoutMe,
                answers("a", false, Set.of("me", "a", "b"), "b", false, Set.of("a", "b"))))
        .isEqualTo(Verdict.COMPLETE);
  }
}
