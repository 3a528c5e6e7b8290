package org.dsuite.cluster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.dsuite.cluster.bench.measure.OutputCheck;
import org.dsuite.cluster.bench.measure.ProcSampler;
import org.dsuite.cluster.bench.report.Latency;
import org.dsuite.cluster.bench.report.RunResult;
import org.dsuite.cluster.launcher.ClusterFile;
import org.dsuite.rainstorm.api.job.BenchmarkApp;
import org.dsuite.rainstorm.api.reference.Reference;
import org.dsuite.rainstorm.api.reference.ReferenceResult;

/**
 * One RainStorm job through {@code rainstorm submit} (exactly-once, the CLI a user runs) on the
 * cluster's workers. Wall time is the submit process's life: it starts, submits, and exits once the
 * leader marks the job DONE, which happens only after the sink's output is durable. CPU and memory
 * are the worker nodes' (growth during the run) plus the submit process's.
 *
 * <p>When {@code rainstorm submit} supports {@code --report FILE} (a JSON summary with
 * steadyThroughputRps and latencyMs percentiles), its figures are used; otherwise throughput is
 * rows over wall time (which counts start-up against RainStorm) and latency is not measured.
 */
final class RainstormRun {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUBMITTED = "rainstorm: submitted ";

  private RainstormRun() {}

  static RunResult run(BenchContext ctx, RunSpec spec) throws Exception {
    BenchmarkApp app = spec.benchmarkApp();
    boolean rate = spec.mode().equals(RunSpec.RATE);
    boolean warmup = spec.mode().equals(RunSpec.WARMUP);
    boolean fromHead = rate || warmup; // reads a head of the input, put on HDFS for this run
    String dest = ctx.hdfsPath("out/" + spec.name() + ".out");
    Path dir = ctx.runDir(spec.name());
    Path reportFile = dir.resolve("rainstorm-report.json");
    // A rate run reads as many rows as the open-loop rate delivers in the latency run's time, the
    // same amount Spark's feeder delivers; a warm-up reads the first warm-up-rows rows.
    List<String> rateLines = null;
    String src = ctx.data().rainstormInput(spec.dataset(), spec.rows());
    if (fromHead) {
      long n =
          warmup
              ? ctx.config().warmupRows()
              : Math.max(1, Math.round(spec.inputRateRps() * ctx.config().latencyRunMs() / 1000.0));
      rateLines = ctx.data().head(spec.dataset(), spec.rows(), n);
      src = ctx.hdfsPath("rate/" + spec.name() + ".csv");
      ctx.data().put(src, rateLines);
    }
    List<String> args = new ArrayList<>(List.of("submit", "--quiet-progress"));
    if (ctx.rainstormNoOutput()) {
      args.add("--no-output");
    }
    args.addAll(app.job(src, dest, ctx.config().tasks()).toArgs());
    if (rate) {
      args.addAll(List.of("--input-rate", Long.toString(Math.round(spec.inputRateRps()))));
    }
    args.addAll(List.of("--zk", ctx.cluster().file().zk()));
    if (ctx.rainstormReport()) {
      args.addAll(List.of("--report", reportFile.toString()));
    }
    ProcessBuilder pb =
        BenchContext.java(
                "org.dsuite.rainstorm.engine.cli.RainstormMain",
                List.of("-Xmx" + ctx.config().submitHeapMb() + "m"),
                args)
            .redirectOutput(dir.resolve("submit.out").toFile())
            .redirectError(dir.resolve("submit.err").toFile());
    List<RunResult.Event> events = new ArrayList<>();
    List<String> victims = new ArrayList<>();
    String note = "";
    long wallMs;
    int exit;
    double cpu;
    long rss;
    long processStartMs = 0;
    try (ProcSampler sampler = new ProcSampler(ctx.config().sampleIntervalMs())) {
      for (long pid : ctx.workerPids()) {
        sampler.track(pid, false);
      }
      try (Watched w = Watched.start(pb, sampler)) {
        processStartMs = w.startedAtMs;
        List<Fairness.Proc> procs = new ArrayList<>(ctx.workerProcs());
        procs.add(
            new Fairness.Proc("rainstorm-submit", w.process.pid(), ctx.config().submitHeapMb()));
        ctx.fairness().check(RunResult.RAINSTORM, procs);
        long deadline = w.startedAtMs + ctx.config().runTimeoutMs();
        if (spec.mode().equals(RunSpec.FAILURE)) {
          // Mid-run: the workers are already up, so the job processes input as soon as it is
          // accepted; the kill comes failure-at-ms after that.
          long accepted = awaitAccepted(dir.resolve("submit.err"), w, deadline);
          if (accepted > 0) {
            events.add(new RunResult.Event(accepted - w.startedAtMs, "job accepted"));
          }
          if (accepted > 0 && !w.awaitExit(accepted + spec.killAfterMs(ctx.config()))) {
            List<ClusterFile.Node> nodes = ctx.cluster().file().nodes();
            for (int i = nodes.size() - 1; i >= 0 && victims.size() < 2; i--) {
              victims.add(nodes.get(i).name());
            }
            sampler.sample();
            for (String v : victims) {
              ctx.cluster().kill(v);
            }
            events.add(
                new RunResult.Event(
                    System.currentTimeMillis() - w.startedAtMs, "SIGKILL " + victims));
          } else {
            note = "finished before the kill; ";
          }
        }
        if (!w.awaitExit(deadline)) {
          killJob(ctx, dir);
          throw new RunTimeoutException(
              "did not finish in " + ctx.config().runTimeoutMs() + " ms (job killed); see " + dir);
        }
        wallMs = System.currentTimeMillis() - w.startedAtMs;
        exit = w.process.exitValue();
        events.add(new RunResult.Event(wallMs, "done"));
      } finally {
        sampler.sample();
        cpu = sampler.cpuSeconds();
        rss = sampler.peakRssBytes();
        for (String v : victims) {
          // Back to full strength for the next run; not part of this run's figures.
          ctx.cluster().restart(v, Duration.ofMinutes(2));
        }
      }
    }
    if (exit != 0) {
      throw new IllegalStateException(
          "rainstorm submit exited " + exit + ": " + lastLine(dir.resolve("submit.err")));
    }
    ReferenceResult ref =
        fromHead
            ? Reference.run(app.job("src", "dest", ctx.config().tasks()), rateLines)
            : ctx.data().reference(app, spec.dataset(), spec.rows());
    List<String> got = readLines(dest);
    OutputCheck.Verdict v =
        app.stateful()
            ? OutputCheck.counts(Reference.finalCounts(got), ref)
            : OutputCheck.rows(got, ref);
    ctx.cleanUp(dest, fromHead ? src : dest);
    JsonNode report = Files.exists(reportFile) ? JSON.readTree(reportFile.toFile()) : null;
    double steady = spec.rows() * 1000.0 / Math.max(1, wallMs);
    String steadyMethod = "rows / wall (no engine report)";
    Long firstOutput = null;
    Long startup = null;
    Latency latency = null;
    if (report != null) {
      double r = report.path("steadyThroughputRps").asDouble(0);
      if (r > 0) {
        steady = r;
        steadyMethod = "engine report: steadyThroughputRps";
      }
      if (rate) {
        steadyMethod = "open loop: engine report steadyThroughputRps";
      }
      long sub = report.path("submittedAtMs").asLong(0);
      long first = report.path("firstOutputAtMs").asLong(0);
      if (sub > 0 && first >= sub) {
        firstOutput = first - sub;
      }
      latency = Latency.fromEngineReport(report.path("latencyMs"));
      if (rate && report.path("inputClockStartAtMs").canConvertToLong()) {
        // the submit process's start to the open-loop schedule's start (every task up), from the
        // same origin as Spark's start-up (process start; one host, one clock), reported apart
        startup = report.path("inputClockStartAtMs").asLong() - processStartMs;
      }
    }
    return new RunResult(
        spec.dataset(),
        app.id(),
        spec.rows(),
        RunResult.RAINSTORM,
        spec.mode(),
        spec.rep(),
        v.ok() ? RunResult.OK : RunResult.FAILED,
        note
            + (rate ? (rateLines.size() - 1) + " rows at the input rate; " : "")
            + (warmup ? (rateLines.size() - 1) + " rows, warm-up; " : "")
            + v.detail(),
        wallMs,
        startup,
        firstOutput,
        steady,
        steadyMethod,
        spec.mode().equals(RunSpec.RATE) ? spec.inputRateRps() : null,
        latency,
        cpu,
        rss,
        events);
  }

  /**
   * Waits until {@code rainstorm submit} says the job was accepted ({@code rainstorm: submitted ID}
   * on its stderr); returns when (epoch ms), or 0 if the process ended first.
   */
  private static long awaitAccepted(Path submitErr, Watched w, long deadline) throws Exception {
    while (w.process.isAlive()) {
      if (jobId(submitErr) != null) {
        return System.currentTimeMillis();
      }
      if (System.currentTimeMillis() > deadline) {
        return 0;
      }
      Thread.sleep(50);
    }
    return 0;
  }

  /** The job id {@code rainstorm submit} printed, or null. */
  static String jobId(Path submitErr) throws IOException {
    if (!Files.exists(submitErr)) {
      return null;
    }
    for (String line : Files.readAllLines(submitErr, StandardCharsets.UTF_8)) {
      if (line.startsWith(SUBMITTED)) {
        return line.substring(SUBMITTED.length()).strip();
      }
    }
    return null;
  }

  /**
   * A timed-out run's job must not go on using the workers during the next run: {@code rainstorm
   * kill} it (the submit client, killed by the caller, does not stop the job).
   */
  private static void killJob(BenchContext ctx, Path dir) throws Exception {
    String id = jobId(dir.resolve("submit.err"));
    if (id == null) {
      return;
    }
    ProcessBuilder pb =
        BenchContext.java(
                "org.dsuite.rainstorm.engine.cli.RainstormMain",
                List.of("-Xmx" + ctx.config().submitHeapMb() + "m"),
                List.of("kill", "--zk", ctx.cluster().file().zk(), id))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("kill.out").toFile());
    Process p = pb.start();
    try {
      p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      p.destroyForcibly().waitFor();
    }
  }

  static List<String> readLines(String uri) throws IOException {
    try (FileSystem fs = FileSystem.newInstance(URI.create(uri), new Configuration());
        var in = fs.open(new org.apache.hadoop.fs.Path(uri))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  static String lastLine(Path file) throws IOException {
    if (!Files.exists(file)) {
      return "";
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (!lines.get(i).isBlank()) {
        return lines.get(i).strip();
      }
    }
    return "";
  }
}
