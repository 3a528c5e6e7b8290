package org.dsuite.swim.experiments;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.sim.SimNetwork;
import org.dsuite.swim.sim.Simulation;

/**
 * Calibrates PingAck, PingAck+S and PingAck+S+Lifeguard to the same mean time from a crash to the
 * first failure declaration, so the experiments compare false positives at equal detection time.
 */
final class Calibration {
  private static final double SCALE = Double.parseDouble(System.getProperty("swim.exp.scale", "1"));
  private static final SwimConfig LAN = SwimConfig.lan();

  private Calibration() {}

  /** The three detectors compared at equal mean time to the first failure declaration. */
  record Detector(String name, SwimConfig cfg) {}

  /** Mean {first suspicion, first failure} over single crashes at 0% loss. */
  static double[] meanDetection(SwimConfig cfg, int n, int trials) {
    double sus = 0;
    double fail = 0;
    int counted = 0;
    for (int t = 0; t < trials; t++) {
      Simulation sim = new Simulation(1000 + t, cfg, n, new SimNetwork());
      sim.startAllBootstrapped();
      sim.runUntil(5_000 + new SplittableRandom(t).nextInt(1000));
      int victim = 1 + new SplittableRandom(t + 7).nextInt(n - 1);
      MemberId id = sim.id(victim);
      sim.crash(victim);
      sim.runUntil(sim.nowMs() + 40_000);
      long f = sim.recorder().firstDetectionMs(id);
      if (f >= 0) {
        fail += f;
        long s = sim.recorder().firstSuspicionMs(id);
        sus += s >= 0 ? s : f;
        counted++;
      }
    }
    return new double[] {sus / counted, fail / counted};
  }

  static List<Detector> detectorsAtEqualDetectionTime(int n) {
    int trials = (int) (20 * SCALE);
    SwimConfig lifeguard = LAN;
    double[] lg = meanDetection(lifeguard, n, trials);
    // PingAck+S without Lifeguard: a fixed timeout chosen so the declaration comes as late
    double scale = Math.max(1, Math.log10(n));
    double multS = (lg[1] - lg[0]) / (scale * LAN.probeIntervalMs());
    SwimConfig s =
        LAN.with(
            b -> {
              b.lifeguard = false;
              b.lagRefutationMs = 0; // plain SWIM suspicion: no extension of its own
              b.suspicionMultiplier = multS;
            });
    // PingAck: detection is proportional to the period, so stretch the period to match
    SwimConfig pa0 =
        LAN.with(
            b -> {
              b.suspicion = false;
              b.lifeguard = false;
              b.lagRefutationMs = 0;
            });
    double[] pa = meanDetection(pa0, n, trials);
    long period = Math.round(LAN.probeIntervalMs() * lg[1] / pa[1]);
    long timeout = Math.round(LAN.probeTimeoutMs() * lg[1] / pa[1]);
    SwimConfig pingAck =
        pa0.with(
            b -> {
              b.probeIntervalMs = period;
              b.probeTimeoutMs = timeout;
            });
    double[] sCheck = meanDetection(s, n, trials);
    double[] paCheck = meanDetection(pingAck, n, trials);
    System.out.printf(
        Locale.ROOT,
        "calibration N=%d: lifeguard first-fail %.0f ms (first suspicion %.0f); S mult %.2f -> %.0f ms;"
            + " PingAck period %d ms -> %.0f ms%n",
        n,
        lg[1],
        lg[0],
        multS,
        sCheck[1],
        period,
        paCheck[1]);
    return List.of(
        new Detector("PingAck", pingAck),
        new Detector("PingAck+S", s),
        new Detector("PingAck+S+Lifeguard", lifeguard));
  }
}
