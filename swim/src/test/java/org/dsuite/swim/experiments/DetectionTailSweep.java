package org.dsuite.swim.experiments;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.sim.SimNetwork;
import org.dsuite.swim.sim.Simulation;

/**
 * The completeness property's scenario over a range of seeds, for the tail of the first detection
 * time: {@code lan()}, 0% loss, a group joined through the first member, then {@code crashes}
 * members crash at once and the run goes on 10 s. Prints every victim first declared failed after 5
 * s and a summary line. Arguments: first seed, end seed (exclusive), crashes, min N, max N (N is
 * spread over the range by seed). {@code -Dswim.exp.period-ms} and {@code -Dswim.exp.timeout-ms}
 * override the probe period and timeout of {@code lan()}, to measure a candidate default.
 */
public final class DetectionTailSweep {
  private DetectionTailSweep() {}

  public static void main(String[] args) {
    long from = Long.parseLong(args[0]);
    long to = Long.parseLong(args[1]);
    int crashes = Integer.parseInt(args[2]);
    int nMin = Integer.parseInt(args[3]);
    int nMax = Integer.parseInt(args[4]);
    SwimConfig cfg = candidate();
    long worst = 0;
    String worstAt = "-";
    int over = 0;
    int victimsTotal = 0;
    int stillListed = 0;
    for (long seed = from; seed < to; seed++) {
      int n = nMin + (int) Math.floorMod(seed * 7919, (long) (nMax - nMin + 1));
      Simulation sim = new Simulation(seed, cfg, n, new SimNetwork());
      sim.startAllJoiningThroughFirst();
      if (!sim.runUntil(60_000, sim::converged)) {
        System.out.println("seed " + seed + " n " + n + ": did not join");
        continue;
      }
      SplittableRandom r = new SplittableRandom(seed);
      List<MemberId> victims = new ArrayList<>();
      while (victims.size() < Math.min(crashes, n - 2)) {
        int i = r.nextInt(n);
        if (sim.isUp(i)) {
          victims.add(sim.id(i));
          sim.crash(i);
        }
      }
      sim.runUntil(sim.nowMs() + 10_000);
      for (int i = 0; i < n; i++) {
        if (sim.isUp(i) && !Collections.disjoint(sim.view(i), victims)) {
          stillListed++;
        }
      }
      for (MemberId v : victims) {
        long first = sim.recorder().firstDetectionMs(v);
        victimsTotal++;
        if (first > worst) {
          worst = first;
          worstAt = "seed " + seed + " n " + n;
        }
        if (first > 5_000) {
          over++;
          System.out.printf(Locale.ROOT, "seed %d n %d: first detection %d ms%n", seed, n, first);
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%d victims, worst first detection %d ms (%s), %d over 5 s, %d lists still holding a"
            + " victim after 10 s%n",
        victimsTotal,
        worst,
        worstAt,
        over,
        stillListed);
  }

  private static SwimConfig candidate() {
    String period = System.getProperty("swim.exp.period-ms");
    String timeout = System.getProperty("swim.exp.timeout-ms");
    return SwimConfig.lan()
        .with(
            b -> {
              if (period != null) {
                b.probeIntervalMs = Long.parseLong(period);
              }
              if (timeout != null) {
                b.probeTimeoutMs = Long.parseLong(timeout);
              }
            });
  }
}
