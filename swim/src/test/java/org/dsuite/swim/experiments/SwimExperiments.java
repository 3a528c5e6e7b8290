package org.dsuite.swim.experiments;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.core.Timeouts;
import org.dsuite.swim.sim.SimNetwork;
import org.dsuite.swim.sim.Simulation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;

/**
 * The experiments of docs/swim.md, in the deterministic simulator. Not part of the default build:
 *
 * <pre>
 * nice mvn -o -B -pl swim verify -Psoak -Dtest=SwimExperiments -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * writes docs/img/swim-*.png and a .csv of the numbers beside each. {@code -Dswim.exp.scale=N}
 * multiplies the simulated durations and trial counts.
 */
@Tag("soak")
class SwimExperiments {
  private static final double SCALE = Double.parseDouble(System.getProperty("swim.exp.scale", "1"));
  private static final SwimConfig LAN = SwimConfig.lan();
  private static final double[] DROP = {0, 0.01, 0.05, 0.10, 0.20, 0.30};

  /** The three detectors compared at equal mean time to the first failure declaration. */
  record Detector(String name, SwimConfig cfg) {}

  // ---- calibration ---------------------------------------------------------------------------

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
              b.suspicionMultiplier = multS;
            });
    // PingAck: detection is proportional to the period, so stretch the period to match
    SwimConfig pa0 =
        LAN.with(
            b -> {
              b.suspicion = false;
              b.lifeguard = false;
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

  // ---- 1. false positives vs drop rate -------------------------------------------------------

  @Test
  void falsePositivesVersusDropRate() {
    int n = 50;
    long durationMs = (long) (3_000_000 * SCALE);
    List<Detector> detectors = detectorsAtEqualDetectionTime(n);
    XYChart chart =
        Charts.chart(
            "False positives vs drop rate (N=" + n + ", equal detection time)",
            "drop rate (%)",
            "false positives per member per protocol period");
    chart.getStyler().setYAxisLogarithmic(true);
    StringBuilder csv =
        new StringBuilder("detector,drop_rate,fp_incidents,member_periods,fp_per_member_period\n");
    for (Detector d : detectors) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (double drop : DROP) {
        Simulation sim = new Simulation(42, d.cfg(), n, new SimNetwork().lossRate(drop));
        sim.startAllBootstrapped();
        sim.runUntil(durationMs);
        double memberPeriods = (double) n * durationMs / d.cfg().probeIntervalMs();
        long fp = sim.recorder().falsePositiveIncidents();
        double rate = fp / memberPeriods;
        csv.append(
            String.format(
                Locale.ROOT, "%s,%.2f,%d,%.0f,%.3g%n", d.name(), drop, fp, memberPeriods, rate));
        System.out.printf(
            Locale.ROOT,
            "%-20s drop %4.0f%%: %6d FP incidents / %.0f member-periods = %.3g%n",
            d.name(),
            drop * 100,
            fp,
            memberPeriods,
            rate);
        xs.add(drop * 100);
        ys.add(fp == 0 ? 0.5 / memberPeriods : rate); // 0 drawn at half the resolution (log axis)
      }
      Charts.series(chart, d.name(), xs, ys);
    }
    Charts.save(chart, "swim-fp-vs-drop", csv.toString());
  }

  /**
   * The 1e-6 target needs a long run: with k false positives in M member-periods the 95% upper
   * bound of the rate is about (k + 2 + 1.96 sqrt k) / M (3 / M for none), so M must exceed 3
   * million even with none. Independent seeds run in parallel (one thread each, {@code
   * -Dswim.exp.threads}); each simulates {@code 40,000 s x scale} of N = 50 at 5% loss.
   */
  @Test
  void falsePositiveRateAtFivePercentLossIsBelowOnePerMillion() throws Exception {
    int n = 50;
    int seeds = Integer.getInteger("swim.exp.seeds", 6);
    long durationMs = (long) (40_000_000 * SCALE);
    int threads =
        Integer.getInteger("swim.exp.threads", Runtime.getRuntime().availableProcessors());
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    List<java.util.concurrent.Future<long[]>> runs = new ArrayList<>();
    try {
      for (int seed = 1; seed <= seeds; seed++) {
        long sd = 4242L + seed;
        runs.add(
            pool.submit(
                () -> {
                  Simulation sim = new Simulation(sd, LAN, n, new SimNetwork().lossRate(0.05));
                  sim.startAllBootstrapped();
                  sim.runUntil(durationMs);
                  return new long[] {
                    sd, sim.recorder().falsePositiveIncidents(), sim.recorder().suspicions()
                  };
                }));
      }
      StringBuilder csv =
          new StringBuilder("seed,virtual_s,fp_incidents,suspicions,member_periods\n");
      long fp = 0;
      long suspicions = 0;
      double perSeed = (double) n * durationMs / LAN.probeIntervalMs();
      for (java.util.concurrent.Future<long[]> f : runs) {
        long[] r = f.get();
        fp += r[1];
        suspicions += r[2];
        csv.append(
            String.format(
                Locale.ROOT, "%d,%d,%d,%d,%.0f%n", r[0], durationMs / 1000, r[1], r[2], perSeed));
      }
      double memberPeriods = perSeed * seeds;
      String line =
          String.format(
              Locale.ROOT,
              "lan defaults, N=%d, 5%% loss, %d seeds x %d s: %d false-positive incidents, %d"
                  + " suspicions, in %.0f member-periods: %.3g per member-period (95%% upper bound"
                  + " %.3g)",
              n,
              seeds,
              durationMs / 1000,
              fp,
              suspicions,
              memberPeriods,
              fp / memberPeriods,
              poissonUpper95(fp) / memberPeriods);
      System.out.println(line);
      Charts.saveCsv("swim-fp-5pct-long", csv + "# " + line + "\n");
    } finally {
      pool.shutdownNow();
    }
  }

  /** 95% upper confidence bound of a Poisson mean given {@code k} events (exact for k <= 3). */
  static double poissonUpper95(long k) {
    double[] exact = {3.00, 4.74, 6.30, 7.75};
    return k < exact.length ? exact[(int) k] : k + 1.96 * Math.sqrt(k) + 2;
  }

  // ---- 2. bandwidth per member vs N ----------------------------------------------------------

  @Test
  void bandwidthPerMemberVersusGroupSize() {
    int[] sizes = {10, 32, 100, 316, 1000};
    XYChart chart =
        Charts.chart(
            "Bytes sent per member per second vs N (lan defaults, 0% loss)",
            "N (members)", "bytes / member / s");
    chart.getStyler().setXAxisLogarithmic(true);
    StringBuilder csv = new StringBuilder("n,bytes_per_member_s,msgs_per_member_s,window_s\n");
    List<Integer> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int n : sizes) {
      long sync = Timeouts.syncIntervalMs(LAN.syncIntervalMs(), LAN.probeIntervalMs(), n);
      long warm = Math.max(30_000, sync * 3 / 2);
      long window = (long) (Math.max(120_000, 2 * sync) * SCALE);
      Simulation sim = new Simulation(5, LAN, n, new SimNetwork());
      sim.startAllBootstrapped();
      sim.runUntil(warm);
      long b0 = sim.recorder().bytesSent();
      long m0 = sim.recorder().messagesSent();
      sim.runUntil(warm + window);
      double bps = (sim.recorder().bytesSent() - b0) * 1000.0 / window / n;
      double mps = (sim.recorder().messagesSent() - m0) * 1000.0 / window / n;
      csv.append(String.format(Locale.ROOT, "%d,%.1f,%.2f,%d%n", n, bps, mps, window / 1000));
      System.out.printf(
          Locale.ROOT, "N=%5d: %.1f bytes and %.2f messages per member per second%n", n, bps, mps);
      xs.add(n);
      ys.add(bps);
    }
    Charts.series(chart, "bytes sent / member / s", xs, ys);
    Charts.save(chart, "swim-bandwidth-vs-n", csv.toString());
  }

  // ---- 3. detection time vs simultaneous failures --------------------------------------------

  @Test
  void detectionTimeVersusSimultaneousFailures() {
    int n = 100;
    int trials = (int) (10 * SCALE);
    XYChart chart =
        Charts.chart(
            "Detection time vs simultaneous failures (N=" + n + ", lan defaults)",
            "simultaneous crashes",
            "seconds after the crash");
    StringBuilder csv =
        new StringBuilder(
            "crashes,first_suspicion_mean_s,first_fail_mean_s,first_fail_max_s,all_lists_p50_s,"
                + "all_lists_p99_s,all_lists_max_s\n");
    List<Integer> xs = new ArrayList<>();
    List<Double> firstSus = new ArrayList<>();
    List<Double> firstFail = new ArrayList<>();
    List<Double> allP50 = new ArrayList<>();
    List<Double> allP99 = new ArrayList<>();
    for (int k = 1; k <= 5; k++) {
      List<Double> sus = new ArrayList<>();
      List<Double> first = new ArrayList<>();
      List<Double> all = new ArrayList<>();
      for (int t = 0; t < trials; t++) {
        Simulation sim = new Simulation(77L * k + t, LAN, n, new SimNetwork());
        sim.startAllBootstrapped();
        SplittableRandom r = new SplittableRandom(t);
        sim.runUntil(5_000 + r.nextInt(1000));
        List<MemberId> victims = new ArrayList<>();
        while (victims.size() < k) {
          int i = 1 + r.nextInt(n - 1);
          if (sim.isUp(i)) {
            victims.add(sim.id(i));
            sim.crash(i);
          }
        }
        sim.runUntil(sim.nowMs() + 60_000);
        for (MemberId v : victims) {
          sus.add(sim.recorder().firstSuspicionMs(v) / 1000.0);
          first.add(sim.recorder().firstDetectionMs(v) / 1000.0);
          double worst = 0;
          for (MemberId o : sim.runningIds()) {
            long d = sim.recorder().detectionMs(v, o);
            worst = Math.max(worst, d < 0 ? Double.POSITIVE_INFINITY : d / 1000.0);
          }
          all.add(worst);
        }
      }
      xs.add(k);
      firstSus.add(mean(sus));
      firstFail.add(mean(first));
      allP50.add(percentile(all, 50));
      allP99.add(percentile(all, 99));
      csv.append(
          String.format(
              Locale.ROOT,
              "%d,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f%n",
              k,
              mean(sus),
              mean(first),
              percentile(first, 100),
              percentile(all, 50),
              percentile(all, 99),
              percentile(all, 100)));
      System.out.printf(
          Locale.ROOT,
          "k=%d: first suspicion %.2f s, first fail %.2f s (max %.2f), all lists p50 %.2f p99 %.2f"
              + " s%n",
          k,
          mean(sus),
          mean(first),
          percentile(first, 100),
          percentile(all, 50),
          percentile(all, 99));
    }
    Charts.series(chart, "first suspicion (mean)", xs, firstSus);
    Charts.series(chart, "first list failed (mean)", xs, firstFail);
    Charts.series(chart, "all lists failed (p50)", xs, allP50);
    Charts.series(chart, "all lists failed (p99)", xs, allP99);
    Charts.save(chart, "swim-detection-vs-failures", csv.toString());
  }

  // ---- 4. dissemination rounds vs N ----------------------------------------------------------

  @Test
  void disseminationRoundsVersusGroupSize() {
    int[] sizes = {10, 32, 100, 316, 1000};
    int trials = (int) (5 * SCALE);
    XYChart chart =
        Charts.chart(
            "Protocol periods until every member has an update", "N (members)", "protocol periods");
    chart.getStyler().setXAxisLogarithmic(true);
    StringBuilder csv = new StringBuilder("n,rounds_mean,rounds_max,log2_n,retransmit_limit\n");
    List<Integer> xs = new ArrayList<>();
    List<Double> mean = new ArrayList<>();
    List<Double> log = new ArrayList<>();
    List<Double> limit = new ArrayList<>();
    for (int n : sizes) {
      List<Double> rounds = new ArrayList<>();
      for (int t = 0; t < trials; t++) {
        Simulation sim = new Simulation(900 + t, LAN, n, new SimNetwork());
        sim.startAllBootstrapped();
        sim.runUntil(10_000 + t * 37);
        long start = sim.nowMs();
        sim.setSuspicion(new SplittableRandom(t).nextInt(n), false);
        sim.runUntil(
            start + 120_000,
            () -> {
              for (int i = 0; i < n; i++) {
                if (sim.core(i).suspicionEnabled()) {
                  return false;
                }
              }
              return true;
            });
        rounds.add((sim.nowMs() - start) / (double) LAN.probeIntervalMs());
      }
      double lg = Math.log(n) / Math.log(2);
      xs.add(n);
      mean.add(mean(rounds));
      log.add(lg);
      limit.add((double) Timeouts.retransmitLimit(LAN.retransmitMultiplier(), n));
      csv.append(
          String.format(
              Locale.ROOT,
              "%d,%.2f,%.2f,%.2f,%d%n",
              n,
              mean(rounds),
              percentile(rounds, 100),
              lg,
              Timeouts.retransmitLimit(LAN.retransmitMultiplier(), n)));
      System.out.printf(
          Locale.ROOT, "N=%5d: %.2f periods to reach all (log2 N = %.1f)%n", n, mean(rounds), lg);
    }
    Charts.series(chart, "measured (mean)", xs, mean);
    Charts.series(chart, "log2 N", xs, log);
    Charts.series(chart, "retransmit limit lambda*ceil(log2(N+1))", xs, limit);
    Charts.save(chart, "swim-dissemination-vs-n", csv.toString());
  }

  // ---- 5. Lifeguard with CPU-starved members -------------------------------------------------

  /**
   * How late a starved member handles its packets, in probe periods (uniform in [min, max] per
   * episode): 2-10 by default (0.8-4 s, beyond the 2 s minimum suspicion timeout at N = 100, so a
   * confirmed suspicion cannot be refuted in time), {@code -Dswim.exp.starve-lag-periods=1-4} for
   * stalls shorter than it.
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
    SplittableRandom r = new SplittableRandom(seed);
    long period = LAN.probeIntervalMs(); // the same starvation for every detector
    for (int s = 1; s <= 4; s++) {
      int node = s * 20;
      starved.add(sim.id(node));
      for (long t = 2_000 + r.nextInt(10_000); t < durationMs; t += 30_000) {
        long packetLag = LAG_MIN * period + r.nextLong((LAG_MAX - LAG_MIN) * period + 1);
        long timerLag = r.nextLong(201);
        sim.at(t, () -> sim.starve(node, packetLag, timerLag));
        sim.at(t + 20_000, () -> sim.starve(node, 0, 0));
      }
    }
    sim.runUntil(durationMs);
    long total = sim.recorder().falsePositiveIncidents();
    long aboutStarved = sim.recorder().falsePositiveIncidentsAbout(starved);
    return new StarvedRun(total - aboutStarved, aboutStarved);
  }

  @Test
  void lifeguardWithStarvedMembers() {
    int n = 100;
    int seeds = Integer.getInteger("swim.exp.starve-seeds", (int) Math.max(4, 12 * SCALE));
    long durationMs = 300_000;
    List<Detector> detectors = detectorsAtEqualDetectionTime(n).subList(1, 3);
    StringBuilder csv =
        new StringBuilder("detector,seed,fp_about_healthy,fp_about_starved,fp_total\n");
    List<List<StarvedRun>> runs = new ArrayList<>();
    for (Detector d : detectors) {
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
    for (String what : List.of("total", "healthy", "starved")) {
      double[] ci = ratioWithBootstrap(runs.get(0), runs.get(1), what);
      String line =
          Double.isInfinite(ci[0])
              ? String.format(
                  Locale.ROOT,
                  "ratio %s (without / with Lifeguard): none with Lifeguard; at least %.0f (95%%:"
                      + " zero events bound the Poisson mean by 3)",
                  what,
                  ci[3] / 3.0)
              : String.format(
                  Locale.ROOT,
                  "ratio %s (without / with Lifeguard): %.1f, 95%% bootstrap over seeds %.1f-%.1f",
                  what,
                  ci[0],
                  ci[1],
                  ci[2]);
      System.out.println(line);
      csv.append("# ").append(line).append('\n');
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(800)
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
    List<String> names = detectors.stream().map(Detector::name).toList();
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
    return new double[] {point, percentile(ratios, 2.5), percentile(ratios, 97.5), a};
  }

  // ---- statistics ----------------------------------------------------------------------------

  static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  static double percentile(List<Double> xs, double p) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    int i = (int) Math.ceil(p / 100.0 * s.size()) - 1;
    return s.get(Math.max(0, Math.min(s.size() - 1, i)));
  }
}
