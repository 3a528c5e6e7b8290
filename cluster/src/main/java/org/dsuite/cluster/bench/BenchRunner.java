package org.dsuite.cluster.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dsuite.cluster.bench.report.Report;
import org.dsuite.cluster.bench.report.ReportWriter;
import org.dsuite.cluster.bench.report.RunResult;

/**
 * Runs the plan, one run at a time, printing progress (which run, n of m, elapsed) and rewriting
 * the report after every run, so an interrupted bench still leaves a valid report of what ran. A
 * run that throws is recorded as ERROR with its message; a run whose output differs from the
 * reference is FAILED; both are printed loudly and the bench goes on.
 */
final class BenchRunner {
  private final BenchContext ctx;
  private final Map<String, String> environment;
  private final List<String> notes;
  private final PrintStream out;
  private final List<RunResult> results = new ArrayList<>();
  private final List<String> loads = new ArrayList<>();
  private final long startedAtNanos = System.nanoTime();
  private int done;
  private int total;
  private double estimatedDoneS;
  private double estimatedLeftS;
  private Path html;

  BenchRunner(
      BenchContext ctx, Map<String, String> environment, List<String> notes, PrintStream out) {
    this.ctx = ctx;
    this.environment = environment;
    this.notes = notes;
    this.out = out;
  }

  /** Runs everything; returns the results (also in the report). */
  List<RunResult> runAll() throws Exception {
    BenchConfig c = ctx.config();
    boolean rsRate = ctx.rainstormReport();
    total = BenchPlan.total(c, rsRate);
    estimatedLeftS =
        BenchPlan.all(c, rsRate).stream().mapToDouble(s -> Estimate.seconds(s, c)).sum();
    out.printf(
        Locale.ROOT,
        "bench: %d runs planned, about %s of runs left (estimate at load 15-30)%n",
        total,
        Estimate.hms(estimatedLeftS));
    warmUp();
    for (int rep = 1; rep <= c.reps(); rep++) {
      for (RunSpec s : BenchPlan.fullSpeed(c, rep)) {
        run(s);
      }
      for (RunSpec s : BenchPlan.rate(c, rep, rsRate)) {
        run(s.withRate(rateFor(s)));
      }
    }
    for (RunSpec s : BenchPlan.failure(c)) {
      run(s.withKillAfter(killAfter(s)));
    }
    return results;
  }

  Path html() {
    return html;
  }

  /**
   * One untimed RainStorm job per dataset and app on the first {@code warmup-rows} rows, so the
   * workers' JIT warm-up is not in the first measured job (each Spark run is a fresh JVM whose
   * figures exclude its warm-up: the first batch, a warm-up file). Its output is still checked, so
   * a broken cluster shows before the first measured run. Not in the report.
   */
  private void warmUp() throws Exception {
    for (RunSpec s : BenchPlan.warmUp(ctx.config())) {
      out.printf(Locale.ROOT, "[warm-up, not measured] %s ...%n", s);
      RunResult r = RainstormRun.run(ctx, s);
      out.printf(
          Locale.ROOT,
          "      %s: wall %.2f s, %,.0f rows/s; %s%n",
          r.ok() ? "ok" : "*** " + r.status() + " ***",
          r.wallMs() / 1000.0,
          r.steadyRps(),
          r.check());
    }
  }

  /**
   * The open-loop rate: {@code --input-rate}, else half of RainStorm's median full-speed throughput
   * on this app in this bench (so RainStorm is not saturated), else 10,000 rows/s.
   */
  private double rateFor(RunSpec s) {
    if (ctx.config().inputRateRps() > 0) {
      return ctx.config().inputRateRps();
    }
    double[] rs =
        results.stream()
            .filter(r -> r.ok() && r.engine().equals(RunResult.RAINSTORM))
            .filter(r -> r.mode().equals(RunSpec.FULL_SPEED))
            .filter(r -> r.app().equals(s.benchmarkApp().id()))
            .mapToDouble(RunResult::steadyRps)
            .sorted()
            .toArray();
    return rs.length == 0 ? 10_000 : Math.max(100, rs[rs.length / 2] / 2);
  }

  /**
   * When a failure run kills: {@code failure-at-ms} after processing began, or sooner, at 30 % of
   * that engine's median full-speed processing time on this app and size in this bench (Spark: wall
   * time minus start-up), so the kill lands mid-run even when the input is small (RainStorm did 100
   * K rows in under 4 s, before a 3 s kill that starts counting at job acceptance).
   */
  private long killAfter(RunSpec s) {
    return killAfter(results, s, ctx.config().failureAtMs());
  }

  static long killAfter(List<RunResult> results, RunSpec s, long configuredMs) {
    double[] processing =
        results.stream()
            .filter(r -> r.ok() && r.mode().equals(RunSpec.FULL_SPEED))
            .filter(r -> r.engine().equals(s.engine()) && r.rows() == s.rows())
            .filter(r -> r.app().equals(s.benchmarkApp().id()))
            .mapToDouble(r -> r.wallMs() - (r.startupMs() == null ? 0 : r.startupMs()))
            .sorted()
            .toArray();
    if (processing.length == 0) {
      return configuredMs;
    }
    return Math.min(
        configuredMs, Math.max(100, Math.round(0.3 * processing[processing.length / 2])));
  }

  private void run(RunSpec s) throws Exception {
    done++;
    // The 1-minute load average as each run starts: every figure is read next to it.
    String load = Environment.loadAverage().split(" ")[0];
    loads.add(done + ": " + load);
    out.printf(
        Locale.ROOT,
        "[%d/%d %s, ~%s left, load %s] %s ...%n",
        done,
        total,
        elapsed(),
        left(),
        load,
        s);
    double estimate = Estimate.seconds(s, ctx.config());
    RunResult r;
    try {
      r =
          switch (s.engine()) {
            case RunResult.RAINSTORM -> RainstormRun.run(ctx, s);
            default ->
                s.mode().equals(RunSpec.RATE)
                    ? SparkRateRun.run(ctx, s, ctx.data().local(s.dataset(), s.rows()))
                    : SparkRun.run(ctx, s);
          };
    } catch (InterruptedException e) {
      throw e;
    } catch (RunTimeoutException e) {
      r = error(s, RunResult.TIMEOUT, e);
    } catch (Exception e) {
      r = error(s, RunResult.ERROR, e);
    }
    estimatedDoneS += estimate;
    estimatedLeftS -= estimate;
    results.add(r);
    if (r.ok()) {
      out.printf(
          Locale.ROOT,
          "      ok: wall %.2f s, %,.0f rows/s, CPU %.1f s, peak RSS %d MiB%s; %s%n",
          r.wallMs() / 1000.0,
          r.steadyRps(),
          r.cpuSeconds(),
          r.peakRssBytes() >> 20,
          r.latency() == null
              ? ""
              : String.format(
                  Locale.ROOT,
                  ", latency p50 %.0f ms p99 %.0f ms",
                  r.latency().p50Ms(),
                  r.latency().p99Ms()),
          r.check());
    } else {
      out.printf(Locale.ROOT, "      *** %s ***: %s%n", r.status(), r.check());
    }
    html = ReportWriter.write(report(), ctx.config().outDir());
  }

  private static RunResult error(RunSpec s, String status, Exception e) {
    String msg = e.getMessage() == null ? e.toString() : e.getMessage();
    return new RunResult(
        s.dataset(),
        s.benchmarkApp().id(),
        s.rows(),
        s.engine(),
        s.mode(),
        s.rep(),
        status,
        msg,
        0,
        null,
        null,
        Double.NaN,
        "n/a",
        s.mode().equals(RunSpec.RATE) ? s.inputRateRps() : null,
        null,
        0,
        0,
        List.of());
  }

  Report report() {
    Map<String, String> env = new java.util.TreeMap<>(environment);
    env.put("load_average_at_write", Environment.loadAverage());
    env.put("load_average_1min_at_each_run_start", String.join(", ", loads));
    ctx.data().inputBytes().forEach((k, v) -> env.put("fairness.input_bytes." + k, v));
    env.putAll(ctx.fairness().seen());
    env.put(
        "fairness.cores",
        String.format(
            Locale.ROOT,
            "RainStorm %d tasks per stage on %d workers; Spark local[%d], %d partitions; machine %d"
                + " cores shared by all",
            ctx.config().tasks(),
            ctx.config().nodes(),
            ctx.config().tasks(),
            ctx.config().tasks(),
            Runtime.getRuntime().availableProcessors()));
    env.put(
        "fairness.heap",
        String.format(
            Locale.ROOT,
            "Spark -Xmx%dm (driver = executor); RainStorm %d workers x -Xmx%dm (= %d MiB) + submit"
                + " client -Xmx%dm; checked from /proc/PID/cmdline before every run",
            ctx.config().heapMb(),
            ctx.config().nodes(),
            ctx.config().workerHeapMb(),
            ctx.config().nodes() * ctx.config().workerHeapMb(),
            ctx.config().submitHeapMb()));
    return new Report(
        "RainStorm vs Spark: head-to-head benchmark",
        Instant.now().toString(),
        env,
        ctx.config().describe(),
        notes,
        results);
  }

  /**
   * The remaining runs' estimate, scaled by how long the finished runs took against theirs (so a
   * busy machine's slowdown carries over).
   */
  private String left() {
    double elapsedS = (System.nanoTime() - startedAtNanos) / 1e9;
    double scale = estimatedDoneS > 0 ? elapsedS / estimatedDoneS : 1;
    return Estimate.hms(Math.max(0, estimatedLeftS * scale));
  }

  private String elapsed() {
    long s = (System.nanoTime() - startedAtNanos) / 1_000_000_000L;
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }
}
