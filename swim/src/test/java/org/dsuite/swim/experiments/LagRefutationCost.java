package org.dsuite.swim.experiments;

import java.util.Locale;
import java.util.Set;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.core.Message;
import org.dsuite.swim.sim.SimNetwork;
import org.dsuite.swim.sim.SimTap;
import org.dsuite.swim.sim.Simulation;
import org.dsuite.swim.wire.WireCodec;

/**
 * What lag-aware self-refutation costs (docs/swim.md): bytes per member per second with {@code
 * swim.lag-refutation-ms} off and on, (a) in the starved-member experiment (N = 100, the same seeds
 * and schedule), split into the starved members and the healthy ones, and (b) without starvation at
 * 5% loss, where no packet is handled late and both runs must be identical. Arguments: seeds,
 * virtual seconds per seed.
 */
public final class LagRefutationCost implements SimTap {
  private static final int N = 100;
  private static final Set<Integer> STARVED = Set.of(20, 40, 60, 80);
  private long bytesStarved;
  private long bytesHealthy;

  public static void main(String[] args) {
    int seeds = Integer.parseInt(args[0]);
    long durationMs = Long.parseLong(args[1]) * 1000;
    SwimConfig lan = SwimConfig.lan();
    long on = lan.lagRefutationMs() > 0 ? lan.lagRefutationMs() : lan.probeTimeoutMs();
    for (long lag : new long[] {0, on}) {
      SwimConfig cfg = lan.with(b -> b.lagRefutationMs = lag);
      LagRefutationCost starvedCost = new LagRefutationCost();
      long raises = 0;
      long fp = 0;
      for (long seed = 1; seed <= seeds; seed++) {
        Simulation sim = new Simulation(seed, cfg, N, new SimNetwork());
        sim.tap(starvedCost);
        sim.startAllBootstrapped();
        LifeguardStarvedExperiment.scheduleStarvation(sim, seed, durationMs);
        sim.runUntil(durationMs);
        fp += sim.recorder().falsePositiveIncidents();
        for (int i = 0; i < N; i++) {
          raises += sim.core(i).lagRefutations();
        }
      }
      double s = seeds * durationMs / 1000.0;
      System.out.printf(
          Locale.ROOT,
          "starved, lag-refutation-ms=%d: B/s per starved member %.0f, per healthy member %.0f,"
              + " per member %.1f; incarnation raises %d (%.2f per starved member-second); FP"
              + " incidents %d%n",
          lag,
          starvedCost.bytesStarved / (s * STARVED.size()),
          starvedCost.bytesHealthy / (s * (N - STARVED.size())),
          (starvedCost.bytesStarved + starvedCost.bytesHealthy) / (s * N),
          raises,
          raises / (s * STARVED.size()),
          fp);
      LagRefutationCost lossCost = new LagRefutationCost();
      long falseSuspicions = 0;
      for (long seed = 1; seed <= seeds; seed++) {
        Simulation sim = new Simulation(seed, cfg, N, new SimNetwork().lossRate(0.05));
        sim.tap(lossCost);
        sim.startAllBootstrapped();
        sim.runUntil(durationMs);
        falseSuspicions += sim.recorder().falseSuspicions();
      }
      System.out.printf(
          Locale.ROOT,
          "5%% loss, no starvation, lag-refutation-ms=%d: B/s per member %.2f, false suspicions"
              + " %d%n",
          lag,
          (lossCost.bytesStarved + lossCost.bytesHealthy) / (s * N),
          falseSuspicions);
    }
  }

  @Override
  public void sent(long nowMs, int from, int to, Message m, boolean lost) {
    if (STARVED.contains(from)) {
      bytesStarved += WireCodec.sizeOf(m);
    } else {
      bytesHealthy += WireCodec.sizeOf(m);
    }
  }
}
