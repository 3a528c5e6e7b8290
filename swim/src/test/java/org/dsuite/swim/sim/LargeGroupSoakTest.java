package org.dsuite.swim.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberId;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A longer run than {@link TenThousandMembersTest}: 3,162 members for 30 s of virtual time. Every
 * member keeps the whole list, so the simulator holds N x N table rows (printed as bytes per row).
 * Soak: tens of seconds of CPU.
 */
@Tag("soak")
class LargeGroupSoakTest {
  @Test
  void threeThousandMembersDetectFiveCrashesWithoutFalsePositives() {
    int n = Integer.getInteger("swim.soak.n", 3162);
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long heap0 = rt.totalMemory() - rt.freeMemory();
    long t0 = System.nanoTime();
    Simulation sim = new Simulation(31, SwimConfig.lan(), n, new SimNetwork());
    sim.startAllBootstrapped();
    System.gc();
    long heap1 = rt.totalMemory() - rt.freeMemory();
    sim.runUntil(10_000);
    SplittableRandom r = new SplittableRandom(31);
    List<MemberId> victims = new ArrayList<>();
    while (victims.size() < 5) {
      int i = 1 + r.nextInt(n - 1);
      if (sim.isUp(i)) {
        victims.add(sim.id(i));
        sim.crash(i);
      }
    }
    long crashAt = sim.nowMs();
    sim.runUntil(crashAt + 20_000);
    System.out.printf(
        "N=%d: %.0f bytes of heap per table row, %d s wall for %d s virtual%n",
        n,
        (heap1 - heap0) / ((double) n * n),
        (System.nanoTime() - t0) / 1_000_000_000,
        sim.nowMs() / 1000);
    for (int i = 0; i < n; i++) {
      if (sim.isUp(i)) {
        assertThat(sim.view(i)).as("view of %d", i).doesNotContainAnyElementsOf(victims);
      }
    }
    long firstWorst = 0;
    for (MemberId v : victims) {
      firstWorst = Math.max(firstWorst, sim.recorder().firstDetectionMs(v));
    }
    // one pass over the failures (detectionMs per pair would be quadratic in N)
    long allWorst = 0;
    for (SimRecorder.Failure f : sim.recorder().failures()) {
      if (victims.contains(f.subject())) {
        allWorst = Math.max(allWorst, f.atMs() - crashAt);
      }
    }
    System.out.printf(
        "N=%d, 5 crashes: slowest first detection %d ms, slowest in every list %d ms%n",
        n, firstWorst, allWorst);
    assertThat(sim.recorder().falsePositives()).isZero();
  }
}
