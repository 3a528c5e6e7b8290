package org.dsuite.swim.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.core.Timeouts;
import org.dsuite.swim.sim.SimNetwork;
import org.dsuite.swim.sim.Simulation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

/**
 * The experiments of docs/swim.md, in the deterministic simulator (Lifeguard with CPU-starved
 * members is {@link LifeguardStarvedExperiment}). Not part of the default build:
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

  // ---- 1. false positives vs drop rate -------------------------------------------------------

  @Test
  void falsePositivesVersusDropRate() {
    int n = 50;
    long durationMs = (long) (3_000_000 * SCALE);
    List<Calibration.Detector> detectors = Calibration.detectorsAtEqualDetectionTime(n);
    XYChart chart =
        Charts.chart(
            "False positives vs drop rate (N=" + n + ", equal detection time)",
            "drop rate (%)",
            "false positives per member per protocol period");
    chart.getStyler().setYAxisLogarithmic(true);
    StringBuilder csv =
        new StringBuilder("detector,drop_rate,fp_incidents,member_periods,fp_per_member_period\n");
    for (Calibration.Detector d : detectors) {
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
              Stats.poissonUpper95(fp) / memberPeriods);
      System.out.println(line);
      Charts.saveCsv("swim-fp-5pct-long", csv + "# " + line + "\n");
    } finally {
      pool.shutdownNow();
    }
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
      firstSus.add(Stats.mean(sus));
      firstFail.add(Stats.mean(first));
      allP50.add(Stats.percentile(all, 50));
      allP99.add(Stats.percentile(all, 99));
      csv.append(
          String.format(
              Locale.ROOT,
              "%d,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f%n",
              k,
              Stats.mean(sus),
              Stats.mean(first),
              Stats.percentile(first, 100),
              Stats.percentile(all, 50),
              Stats.percentile(all, 99),
              Stats.percentile(all, 100)));
      System.out.printf(
          Locale.ROOT,
          "k=%d: first suspicion %.2f s, first fail %.2f s (max %.2f), all lists p50 %.2f p99 %.2f"
              + " s%n",
          k,
          Stats.mean(sus),
          Stats.mean(first),
          Stats.percentile(first, 100),
          Stats.percentile(all, 50),
          Stats.percentile(all, 99));
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
      mean.add(Stats.mean(rounds));
      log.add(lg);
      limit.add((double) Timeouts.retransmitLimit(LAN.retransmitMultiplier(), n));
      csv.append(
          String.format(
              Locale.ROOT,
              "%d,%.2f,%.2f,%.2f,%d%n",
              n,
              Stats.mean(rounds),
              Stats.percentile(rounds, 100),
              lg,
              Timeouts.retransmitLimit(LAN.retransmitMultiplier(), n)));
      System.out.printf(
          Locale.ROOT,
          "N=%5d: %.2f periods to reach all (log2 N = %.1f)%n",
          n,
          Stats.mean(rounds),
          lg);
    }
    Charts.series(chart, "measured (mean)", xs, mean);
    Charts.series(chart, "log2 N", xs, log);
    Charts.series(chart, "retransmit limit lambda*ceil(log2(N+1))", xs, limit);
    Charts.save(chart, "swim-dissemination-vs-n", csv.toString());
  }
}
