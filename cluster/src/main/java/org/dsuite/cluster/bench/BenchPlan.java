package org.dsuite.cluster.bench;

import java.util.ArrayList;
import java.util.List;
import org.dsuite.cluster.bench.report.RunResult;

/**
 * The order of runs. Repetitions are the outer loop, so a bench stopped early still has every
 * measurement at least once; within a repetition the engines alternate and the first engine rotates
 * from one app to the next and one repetition to the next, so no engine always runs on a warmer (or
 * busier) machine. Latency runs (open-loop rate) follow each repetition's full-speed runs, because
 * their default rate is derived from RainStorm's measured throughput; failure runs come last, once.
 */
final class BenchPlan {
  private BenchPlan() {}

  static List<RunSpec> fullSpeed(BenchConfig c, int rep) {
    List<RunSpec> out = new ArrayList<>();
    if (!c.modes().contains(RunSpec.FULL_SPEED)) {
      return out;
    }
    int turn = rep;
    for (long rows : c.sizes()) {
      for (String ds : c.datasets()) {
        for (String app : c.apps()) {
          List<String> engines = c.engines();
          for (int i = 0; i < engines.size(); i++) {
            String e = engines.get((i + turn) % engines.size());
            out.add(new RunSpec(ds, app, rows, e, RunSpec.FULL_SPEED, rep, 0, -1));
          }
          turn++;
        }
      }
    }
    return out;
  }

  /**
   * Latency runs of one repetition: both Spark APIs (fed by the bench at the rate), and RainStorm
   * when its submit supports an input rate.
   */
  static List<RunSpec> rate(BenchConfig c, int rep, boolean rainstormRate) {
    List<RunSpec> out = new ArrayList<>();
    int turn = rep;
    for (String ds : c.datasets()) {
      for (String app : c.apps()) {
        List<String> engines = new ArrayList<>();
        if (rainstormRate && c.engines().contains(RunResult.RAINSTORM)) {
          engines.add(RunResult.RAINSTORM);
        }
        for (String spark : List.of(RunResult.SPARK_STRUCTURED, RunResult.SPARK_DSTREAM)) {
          if (c.engines().contains(spark)) {
            engines.add(spark);
          }
        }
        for (int i = 0; i < engines.size(); i++) {
          String e = engines.get((i + turn) % engines.size());
          out.add(new RunSpec(ds, app, largest(c), e, RunSpec.RATE, rep, 0, -1));
        }
        turn++;
      }
    }
    return c.latencyRunMs() == 0 || !c.modes().contains(RunSpec.RATE) ? List.of() : out;
  }

  /**
   * One failure run per app and engine, on the largest size up to 1 M rows: RainStorm loses two
   * workers, each Spark API its driver (and, in local mode, executor) and is resubmitted.
   */
  static List<RunSpec> failure(BenchConfig c) {
    if (!c.failure()) {
      return List.of();
    }
    long rows =
        c.sizes().stream().filter(s -> s <= 1_000_000).max(Long::compare).orElse(largest(c));
    List<RunSpec> out = new ArrayList<>();
    for (String ds : c.datasets()) {
      for (String app : c.apps()) {
        for (String e : c.engines()) {
          out.add(new RunSpec(ds, app, rows, e, RunSpec.FAILURE, 1, 0, -1));
        }
      }
    }
    return out;
  }

  /**
   * RainStorm's untimed warm-up jobs, before the first measured run: one per dataset and app, on
   * the smallest size's first {@code warmup-rows} rows; none when the bench runs no RainStorm or
   * the warm-up is off.
   */
  static List<RunSpec> warmUp(BenchConfig c) {
    List<RunSpec> out = new ArrayList<>();
    if (c.warmupRows() == 0 || !c.engines().contains(RunResult.RAINSTORM)) {
      return out;
    }
    long rows = c.sizes().stream().min(Long::compare).orElseThrow();
    for (String ds : c.datasets()) {
      for (String app : c.apps()) {
        out.add(new RunSpec(ds, app, rows, RunResult.RAINSTORM, RunSpec.WARMUP, 0, 0, -1));
      }
    }
    return out;
  }

  static long largest(BenchConfig c) {
    return c.sizes().stream().max(Long::compare).orElseThrow();
  }

  /**
   * Every run in order, for the estimate (the rate runs' rate is decided during the bench, which
   * does not change their duration).
   */
  static List<RunSpec> all(BenchConfig c, boolean rainstormRate) {
    List<RunSpec> out = new ArrayList<>();
    for (int rep = 1; rep <= c.reps(); rep++) {
      out.addAll(fullSpeed(c, rep));
      out.addAll(rate(c, rep, rainstormRate));
    }
    out.addAll(failure(c));
    return out;
  }

  /** How many runs the whole bench makes. */
  static int total(BenchConfig c, boolean rainstormRate) {
    int n = 0;
    for (int rep = 1; rep <= c.reps(); rep++) {
      n += fullSpeed(c, rep).size() + rate(c, rep, rainstormRate).size();
    }
    return n + failure(c).size();
  }
}
