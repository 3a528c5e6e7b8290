package org.dsuite.swim.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberId;
import org.junit.jupiter.api.Test;

/**
 * Hand-written scenarios in the simulator (the properties over many seeds are in
 * SimulationPropertiesTest).
 */
class SimulationScenarioTest {
  @Test
  void twentyMembersJoinThroughTheIntroducerAndDetectACrash() {
    Simulation sim = new Simulation(42, SwimConfig.lan(), 20, new SimNetwork());
    sim.startAllJoiningThroughFirst();
    assertThat(sim.runUntil(30_000, sim::converged)).as("converged").isTrue();
    sim.runUntil(40_000);
    assertThat(sim.recorder().falsePositives()).isZero();
    MemberId victim = sim.id(7);
    sim.crash(7);
    long crashAt = sim.nowMs();
    sim.runUntil(crashAt + 10_000);
    for (int i = 0; i < 20; i++) {
      if (i != 7) {
        assertThat(sim.view(i)).as("view of %d", i).doesNotContain(victim);
      }
    }
    assertThat(sim.recorder().firstDetectionMs(victim)).isBetween(1L, 5_000L);
  }

  @Test
  void thousandMembersSimulateQuickly() {
    Simulation sim = new Simulation(7, SwimConfig.lan(), 1000, new SimNetwork());
    sim.startAllBootstrapped();
    long t0 = System.nanoTime();
    sim.runUntil(30_000);
    long wallMs = (System.nanoTime() - t0) / 1_000_000;
    System.out.println(
        "1000 members, 30 s virtual: "
            + wallMs
            + " ms wall, "
            + sim.recorder().messagesSent()
            + " msgs");
    assertThat(sim.converged()).isTrue();
    assertThat(sim.recorder().falsePositives()).isZero();
  }
}
