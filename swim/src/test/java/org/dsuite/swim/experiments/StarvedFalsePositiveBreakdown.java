package org.dsuite.swim.experiments;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.core.Timeouts;
import org.dsuite.swim.sim.SimNetwork;
import org.dsuite.swim.sim.SimRecorder;
import org.dsuite.swim.sim.Simulation;

/**
 * Breaks the false positives that remain with Lifeguard in the starved-member experiment ({@link
 * LifeguardStarvedExperiment}, same seeds and schedule, {@code lan()} defaults) down by how late
 * the declared member was handling its packets when it was first declared failed, against the
 * minimum suspicion timeout: a member stalled longer than that cannot refute a confirmed suspicion
 * in time, and a correct detector reports it; one stalled for less should not be declared. Also
 * says who declared first (a healthy or another starved member). Arguments: seeds (1..seeds),
 * virtual seconds per seed, and optionally {@code suspicion} to break down PingAck+S (fixed
 * timeout, calibrated to Lifeguard's detection time as in the experiment) instead; {@code
 * -Dswim.exp.starve-lag-periods} as in the experiment.
 */
public final class StarvedFalsePositiveBreakdown {
  private StarvedFalsePositiveBreakdown() {}

  public static void main(String[] args) {
    int seeds = Integer.parseInt(args[0]);
    long durationMs = Long.parseLong(args[1]) * 1000;
    int n = 100;
    boolean suspicionOnly = args.length > 2 && args[2].equals("suspicion");
    Calibration.Detector detector =
        suspicionOnly
            ? Calibration.detectorsAtEqualDetectionTime(n).get(1)
            : new Calibration.Detector("PingAck+S+Lifeguard", SwimConfig.lan());
    SwimConfig cfg = detector.cfg();
    long period = cfg.probeIntervalMs();
    long minMs = Timeouts.suspicionMinMs(cfg.suspicionMultiplier(), n, period);
    Map<Long, long[]> byLagPeriods = new HashMap<>(); // lag in periods -> {episodes, incidents}
    long aboutHealthy = 0;
    long outsideEpisodes = 0;
    long firstByHealthy = 0;
    long firstByStarved = 0;
    for (long seed = 1; seed <= seeds; seed++) {
      Simulation sim = new Simulation(seed, cfg, n, new SimNetwork());
      sim.startAllBootstrapped();
      List<LifeguardStarvedExperiment.Episode> episodes =
          LifeguardStarvedExperiment.scheduleStarvation(sim, seed, durationMs);
      Set<MemberId> starved = new HashSet<>();
      for (LifeguardStarvedExperiment.Episode e : episodes) {
        starved.add(e.member());
        byLagPeriods.computeIfAbsent(e.packetLagMs() / period, k -> new long[2])[0]++;
      }
      sim.runUntil(durationMs);
      Map<String, SimRecorder.Failure> first = new HashMap<>(); // incident -> first declaration
      for (SimRecorder.Failure f : sim.recorder().failures()) {
        if (f.falsePositive()) {
          first.merge(
              f.subject() + "#" + f.incarnation(), f, (a, b) -> a.atMs() <= b.atMs() ? a : b);
        }
      }
      for (SimRecorder.Failure f : first.values()) {
        if (!starved.contains(f.subject())) {
          aboutHealthy++;
          continue;
        }
        if (starved.contains(f.observer())) {
          firstByStarved++;
        } else {
          firstByHealthy++;
        }
        LifeguardStarvedExperiment.Episode during = episodeAt(episodes, f);
        if (during == null) {
          outsideEpisodes++;
        } else {
          byLagPeriods.get(during.packetLagMs() / period)[1]++;
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%s, N = %d, %d seeds x %d s; min suspicion timeout %d ms = %.1f periods%n",
        detector.name(),
        n,
        seeds,
        durationMs / 1000,
        minMs,
        (double) minMs / period);
    System.out.println("lag (periods) | lag (s) | episodes | FP incidents | per episode");
    long shorter = 0;
    long longer = 0;
    for (long lag : byLagPeriods.keySet().stream().sorted().toList()) {
      long[] c = byLagPeriods.get(lag);
      System.out.printf(
          Locale.ROOT,
          "%d-%d | %.1f-%.1f | %d | %d | %.2f%n",
          lag,
          lag + 1,
          lag * period / 1000.0,
          (lag + 1) * period / 1000.0,
          c[0],
          c[1],
          (double) c[1] / c[0]);
      if ((lag + 1) * period <= minMs) {
        shorter += c[1];
      } else {
        longer += c[1];
      }
    }
    System.out.printf(
        Locale.ROOT,
        "about starved members: %d with a stall shorter than the min timeout, %d longer (or"
            + " straddling it), %d outside an episode; first declared by a healthy member %d, by"
            + " another starved member %d; about healthy members %d%n",
        shorter,
        longer,
        outsideEpisodes,
        firstByHealthy,
        firstByStarved,
        aboutHealthy);
  }

  /** The episode of the declared member that was on (or still draining its queue) at the time. */
  private static LifeguardStarvedExperiment.Episode episodeAt(
      List<LifeguardStarvedExperiment.Episode> episodes, SimRecorder.Failure f) {
    for (LifeguardStarvedExperiment.Episode e : episodes) {
      if (e.member().equals(f.subject())
          && f.atMs() >= e.fromMs()
          && f.atMs() < e.toMs() + e.packetLagMs()) {
        return e;
      }
    }
    return null;
  }
}
