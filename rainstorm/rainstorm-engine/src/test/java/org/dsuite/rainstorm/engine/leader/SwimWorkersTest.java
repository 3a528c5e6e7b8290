package org.dsuite.rainstorm.engine.leader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A worker swim declared failed is not scheduled again until it has stayed back for the settle time
 * ({@link SwimWorkers#settled}): a SIGSTOPped worker that resumed used to get the sink moved onto
 * it at once, lose it when its old ZooKeeper session expired a second later, and get it back again,
 * three log recoveries of the sink in three seconds.
 */
class SwimWorkersTest {
  private static final Set<String> LIVE = Set.of("w1", "w2", "w3");

  @Test
  void aWorkerBackAfterAVerdictWaitsOutTheSettleTime() {
    Map<String, Long> failedAt = Map.of("w2", 1_000L);
    assertThat(SwimWorkers.settled(LIVE, failedAt, 1_500, 10_000)).containsExactly("w1", "w3");
    assertThat(SwimWorkers.settled(LIVE, failedAt, 10_999, 10_000)).containsExactly("w1", "w3");
    assertThat(SwimWorkers.settled(LIVE, failedAt, 11_000, 10_000))
        .containsExactly("w1", "w2", "w3");
  }

  @Test
  void workersNeverDeclaredFailedAndAZeroSettleTimeAreUsedAtOnce() {
    assertThat(SwimWorkers.settled(LIVE, Map.of(), 0, 10_000)).isEqualTo(LIVE);
    assertThat(SwimWorkers.settled(LIVE, Map.of("w2", 1_000L), 1_000, 0)).isEqualTo(LIVE);
  }

  @Test
  void ifEveryLiveWorkerIsSettlingTheyAreAllUsedRatherThanNone() {
    Map<String, Long> failedAt = Map.of("w1", 1_000L, "w2", 1_000L, "w3", 1_000L);
    assertThat(SwimWorkers.settled(LIVE, failedAt, 2_000, 10_000)).isEqualTo(LIVE);
  }
}
