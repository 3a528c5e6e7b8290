package org.dsuite.swim.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberId;
import org.junit.jupiter.api.Test;

/** Lifeguard's parts seen from outside, in the simulator (the full comparison is an experiment). */
class LifeguardScenarioTest {
  private static final SwimConfig LAN = SwimConfig.lan();

  /**
   * Probing a crashed member, a healthy prober gets every helper's nack before its period ends, so
   * it does not blame itself: its local health multiplier never rises.
   */
  @Test
  void healthyProbersOfACrashedMemberKeepTheirLocalHealth() {
    int n = 20;
    Simulation sim = new Simulation(11, LAN, n, new SimNetwork());
    sim.startAllBootstrapped();
    sim.runUntil(5_000);
    sim.crash(3);
    int[] worst = {0};
    sim.runUntil(
        20_000,
        () -> {
          for (int i = 0; i < n; i++) {
            if (sim.isUp(i)) {
              worst[0] = Math.max(worst[0], sim.core(i).localHealth());
            }
          }
          return false;
        });
    long failedProbes = 0;
    for (int i = 0; i < n; i++) {
      failedProbes += sim.isUp(i) ? sim.core(i).stats().probesFailed() : 0;
    }
    assertThat(failedProbes).as("probes of the crashed member that failed").isPositive();
    assertThat(worst[0]).isZero();
  }

  /**
   * A starved member that reads its packets 3 s late sees its own probes fail: with Lifeguard its
   * local health rises (it probes more slowly and waits longer), and its suspicions of healthy
   * members, unconfirmed by anyone, wait out the long timeout until the refutations are read.
   * Without Lifeguard the same member declares healthy members failed.
   */
  @Test
  void aStarvedMemberSlowsDownInsteadOfDeclaringHealthyMembersFailed() {
    long withLifeguard = healthyDeclaredFailed(LAN, true);
    long withoutLifeguard = healthyDeclaredFailed(LAN.with(b -> b.lifeguard = false), false);
    assertThat(withoutLifeguard).isGreaterThanOrEqualTo(5);
    assertThat(withLifeguard).isLessThan(withoutLifeguard / 5);
  }

  private static long healthyDeclaredFailed(SwimConfig cfg, boolean expectHealthRise) {
    int n = 20;
    Simulation sim = new Simulation(5, cfg, n, new SimNetwork());
    sim.startAllBootstrapped();
    sim.runUntil(2_000);
    MemberId starved = sim.id(7);
    sim.starve(7, 3_000, 100);
    int[] health = {0};
    sim.runUntil(
        60_000,
        () -> {
          health[0] = Math.max(health[0], sim.core(7).localHealth());
          return false;
        });
    if (expectHealthRise) {
      assertThat(health[0]).as("local health of the starved member").isGreaterThanOrEqualTo(3);
    }
    long all = sim.recorder().falsePositiveIncidents();
    return all - sim.recorder().falsePositiveIncidentsAbout(Set.of(starved));
  }
}
