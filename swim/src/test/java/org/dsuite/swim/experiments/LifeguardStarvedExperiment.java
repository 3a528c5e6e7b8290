package org.dsuite.swim.experiments;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.sim.SimNetwork;
import org.dsuite.swim.sim.Simulation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * Lifeguard with CPU-starved members (docs/swim.md), in the deterministic simulator. Not part of
 * the default build:
 *
 * <pre>
 * nice mvn -o -B -pl swim verify -Psoak -Dtest=LifeguardStarvedExperiment -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * writes docs/img/swim-lifeguard-starved*.png and .csv.
 */
@Tag("soak")
class LifeguardStarvedExperiment {
  private static final double SCALE = Double.parseDouble(System.getProperty("swim.exp.scale", "1"));
  private static final SwimConfig LAN = SwimConfig.lan();

  /** Threshold of lag-aware self-refutation when it is on: lan()'s, or one probe timeout. */
  static final long LAG_REFUTATION_MS =
      SwimConfig.lan().lagRefutationMs() > 0
          ? SwimConfig.lan().lagRefutationMs()
          : SwimConfig.lan().probeTimeoutMs();

  /**
   * How late a starved member handles its packets, in probe periods (uniform in [min, max] per
   * episode): 2-10 by default (0.6-3 s at T = 300 ms; the minimum suspicion timeout at N = 100 is 5
   * periods, so a confirmed suspicion of a member stalled longer cannot be refuted in time), {@code
   * -Dswim.exp.starve-lag-periods=1-4} for stalls shorter than it.
   */
  private static final String LAG = System.getProperty("swim.exp.starve-lag-periods", "2-10");

  private static final int LAG_MIN = Integer.parseInt(LAG.split("-")[0]);
  private static final int LAG_MAX = Integer.parseInt(LAG.split("-")[1]);

  /** False-positive incidents of one run: about healthy members, about the starved ones. */
  record StarvedRun(long aboutHealthy, long aboutStarved) {
    long total() {
      return aboutHealthy + aboutStarved;
    }
  }

  /**
   * N = 100 for {@code durationMs}; members 20, 40, 60 and 80 are CPU-starved in episodes of 20 s
   * (then 10 s healthy): each episode they handle every packet 2-10 probe periods after it arrives
   * and their timers fire 0-200 ms late, as the slow members of the Lifeguard paper.
   */
  static StarvedRun starvedRun(SwimConfig cfg, long seed, long durationMs) {
    int n = 100;
    Simulation sim = new Simulation(seed, cfg, n, new SimNetwork());
    sim.startAllBootstrapped();
    Set<MemberId> starved = new HashSet<>();
    for (Episode e : scheduleStarvation(sim, seed, durationMs)) {
      starved.add(e.member());
    }
    sim.runUntil(durationMs);
    long total = sim.recorder().falsePositiveIncidents();
    long aboutStarved = sim.recorder().falsePositiveIncidentsAbout(starved);
    return new StarvedRun(total - aboutStarved, aboutStarved);
  }

  /** One starvation episode: {@code member} handles its packets {@code packetLagMs} late. */
  record Episode(MemberId member, long fromMs, long toMs, long packetLagMs) {}

  /**
   * Schedules the episodes of members 20, 40, 60 and 80 on {@code sim} (the same for every
   * detector: lags are counted in {@code lan()} periods) and returns them.
   */
  static List<Episode> scheduleStarvation(Simulation sim, long seed, long durationMs) {
    List<Episode> episodes = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(seed);
    long period = LAN.probeIntervalMs(); // the same starvation for every detector
    for (int s = 1; s <= 4; s++) {
      int node = s * 20;
      for (long t = 2_000 + r.nextInt(10_000); t < durationMs; t += 30_000) {
        long packetLag = LAG_MIN * period + r.nextLong((LAG_MAX - LAG_MIN) * period + 1);
        long timerLag = r.nextLong(201);
        sim.at(t, () -> sim.starve(node, packetLag, timerLag));
        sim.at(t + 20_000, () -> sim.starve(node, 0, 0));
        episodes.add(new Episode(sim.id(node), t, t + 20_000, packetLag));
      }
    }
    return episodes;
  }

  @Test
  void lifeguardWithStarvedMembers() {
    int n = 100;
    int seeds = Integer.getInteger("swim.exp.starve-seeds", (int) Math.max(4, 12 * SCALE));
    long durationMs = 300_000;
    List<Calibration.Detector> calibrated = Calibration.detectorsAtEqualDetectionTime(n);
    // lag-aware self-refutation changes nothing about crash detection (a crashed member handles
    // no packet late), so both Lifeguard variants share the calibration
    List<Calibration.Detector> detectors =
        List.of(
            calibrated.get(1),
            new Calibration.Detector("PingAck+S+Lifeguard", LAN.with(b -> b.lagRefutationMs = 0)),
            new Calibration.Detector(
                "Lifeguard+lag-refutation", LAN.with(b -> b.lagRefutationMs = LAG_REFUTATION_MS)));
    StringBuilder csv =
        new StringBuilder("detector,seed,fp_about_healthy,fp_about_starved,fp_total\n");
    List<List<StarvedRun>> runs = new ArrayList<>();
    for (Calibration.Detector d : detectors) {
      List<StarvedRun> perSeed = new ArrayList<>();
      for (int seed = 1; seed <= seeds; seed++) {
        StarvedRun run = starvedRun(d.cfg(), seed, durationMs);
        perSeed.add(run);
        csv.append(
            String.format(
                Locale.ROOT,
                "%s,%d,%d,%d,%d%n",
                d.name(),
                seed,
                run.aboutHealthy(),
                run.aboutStarved(),
                run.total()));
      }
      runs.add(perSeed);
      System.out.printf(
          Locale.ROOT,
          "%-20s %d runs x %d s: FP about healthy %d, about starved %d, total %d%n",
          d.name(),
          seeds,
          durationMs / 1000,
          perSeed.stream().mapToLong(StarvedRun::aboutHealthy).sum(),
          perSeed.stream().mapToLong(StarvedRun::aboutStarved).sum(),
          perSeed.stream().mapToLong(StarvedRun::total).sum());
    }
    for (int d = 1; d < detectors.size(); d++) {
      for (String what : List.of("total", "healthy", "starved")) {
        String line = ratioLine(runs.get(0), runs.get(d), what, detectors.get(d).name());
        System.out.println(line);
        csv.append("# ").append(line).append('\n');
      }
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(1000)
            .height(500)
            .title(
                "False positives, 4 of "
                    + n
                    + " members CPU-starved "
                    + LAG
                    + " periods ("
                    + seeds
                    + " runs x "
                    + durationMs / 1000
                    + " s)")
            .xAxisTitle("detector (equal detection time)")
            .yAxisTitle("false-positive incidents")
            .build();
    List<String> names = detectors.stream().map(Calibration.Detector::name).toList();
    List<Long> healthy = new ArrayList<>();
    List<Long> starvedFp = new ArrayList<>();
    for (List<StarvedRun> perSeed : runs) {
      healthy.add(perSeed.stream().mapToLong(StarvedRun::aboutHealthy).sum());
      starvedFp.add(perSeed.stream().mapToLong(StarvedRun::aboutStarved).sum());
    }
    chart.addSeries("about healthy members", names, healthy);
    chart.addSeries("about the starved members", names, starvedFp);
    String name = "swim-lifeguard-starved" + (LAG.equals("2-10") ? "" : "-lag-" + LAG);
    Charts.save(chart, name, csv.toString());
  }

  /** One line: PingAck+S's count of {@code what} over {@code name}'s, with its 95% interval. */
  static String ratioLine(
      List<StarvedRun> without, List<StarvedRun> with, String what, String name) {
    double[] ci = ratioWithBootstrap(without, with, what);
    return Double.isInfinite(ci[0])
        ? String.format(
            Locale.ROOT,
            "ratio %s (PingAck+S / %s): none with %s; at least %.0f (95%%: zero events bound the"
                + " Poisson mean by 3)",
            what,
            name,
            name,
            ci[3] / 3.0)
        : String.format(
            Locale.ROOT,
            "ratio %s (PingAck+S / %s): %.1f, 95%% bootstrap over seeds %.1f-%.1f",
            what,
            name,
            ci[0],
            ci[1],
            ci[2]);
  }

  /**
   * Ratio of summed counts {@code without / with}, a 95% percentile bootstrap interval that
   * resamples seeds (paired: each seed ran both detectors; infinite when {@code with} sums to 0),
   * and the summed {@code without} count.
   */
  static double[] ratioWithBootstrap(List<StarvedRun> without, List<StarvedRun> with, String what) {
    java.util.function.ToLongFunction<StarvedRun> f =
        switch (what) {
          case "healthy" -> StarvedRun::aboutHealthy;
          case "starved" -> StarvedRun::aboutStarved;
          default -> StarvedRun::total;
        };
    int k = without.size();
    SplittableRandom r = new SplittableRandom(99);
    List<Double> ratios = new ArrayList<>();
    for (int b = 0; b < 2000; b++) {
      long a = 0;
      long c = 0;
      for (int i = 0; i < k; i++) {
        int j = r.nextInt(k);
        a += f.applyAsLong(without.get(j));
        c += f.applyAsLong(with.get(j));
      }
      ratios.add(c == 0 ? Double.POSITIVE_INFINITY : (double) a / c);
    }
    long a = without.stream().mapToLong(f).sum();
    long c = with.stream().mapToLong(f).sum();
    double point = c == 0 ? Double.POSITIVE_INFINITY : (double) a / c;
    return new double[] {point, Stats.percentile(ratios, 2.5), Stats.percentile(ratios, 97.5), a};
  }
}
