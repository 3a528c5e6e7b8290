package org.dsuite.cluster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.dsuite.cluster.bench.measure.OutputCheck;
import org.dsuite.cluster.bench.measure.Percentiles;
import org.dsuite.cluster.bench.measure.ProcSampler;
import org.dsuite.cluster.bench.report.Latency;
import org.dsuite.cluster.bench.report.RunResult;
import org.dsuite.rainstorm.api.job.BenchmarkApp;
import org.dsuite.rainstorm.api.reference.ReferenceResult;
import org.dsuite.spark.io.CommittedRows;
import org.dsuite.spark.io.CurrentCounts;

/**
 * One Spark baseline job through {@code bin/spark-baseline} (Spark's own submit entry point, the
 * spark-submit route), bounded mode: it consumes the input present at start and exits. Wall time is
 * the process's life; start-up, first batch and steady state come from its {@code --metrics-json}.
 * Input, output and checkpoint are on the cluster's HDFS, the checkpoint beside RainStorm's logs.
 * The latency of each row at full speed is its batch's completion minus the submission (all input
 * is present at submission): Structured Streaming's commit in the checkpoint, DStreams' completion
 * in the driver's {@code --batch-log}.
 *
 * <p>The failure variant (both APIs) SIGKILLs the Spark process (driver and, in local mode,
 * executor) {@code failure-at-ms} after the job began processing input (so mid-run, not during
 * Spark's start-up) and submits the same command again, which resumes from the checkpoint;
 * Structured Streaming gets at least four micro-batches for it. Wall time runs from the first
 * submission to the second exit; the output must still equal the reference.
 */
final class SparkRun {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SparkRun() {}

  static String api(String engine) {
    return engine.equals(RunResult.SPARK_DSTREAM) ? "dstream" : "structured";
  }

  /** The {@code bin/spark-baseline} command with the bench's fairness settings. */
  static ProcessBuilder command(
      BenchContext ctx,
      BenchmarkApp app,
      String api,
      String src,
      String dest,
      String ckpt,
      Path dir,
      List<String> extra,
      String logName) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ctx.home().resolve("bin").resolve("spark-baseline").toString());
    cmd.addAll(
        List.of(
            app.id(),
            "--src",
            src,
            "--dest",
            dest,
            "--checkpoint",
            ckpt,
            "--api",
            api,
            "--master",
            "local[" + ctx.config().tasks() + "]",
            "--partitions",
            Integer.toString(ctx.config().tasks()),
            "--metrics-json",
            dir.resolve("metrics.json").toString()));
    cmd.addAll(extra);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(logName).toFile()));
    pb.environment().put("DSUITE_JAVA_OPTS", "-Xmx" + ctx.config().heapMb() + "m");
    // The same JVM as RainStorm's processes (the bench's own), whatever java is first on PATH.
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    // The bench built spark-baseline before starting; never rebuild in the middle of a run.
    pb.environment().put("DSUITE_NO_BUILD", "1");
    pb.environment().put("DSUITE_LOG_DIR", dir.toString());
    return pb;
  }

  static RunResult run(BenchContext ctx, RunSpec spec) throws Exception {
    BenchmarkApp app = spec.benchmarkApp();
    String api = api(spec.engine());
    boolean failure = spec.mode().equals(RunSpec.FAILURE);
    String dest = ctx.hdfsPath("out/" + spec.name());
    String ckpt = ctx.hdfsPath("checkpoints/" + spec.name());
    Path dir = ctx.runDir(spec.name());
    List<String> extra = new ArrayList<>();
    Path batchLog = dir.resolve("batches.jsonl");
    java.nio.file.Files.deleteIfExists(batchLog);
    if (api.equals("dstream")) {
      extra.addAll(List.of("--batch-log", batchLog.toString()));
    }
    if (failure && api.equals("structured")) {
      // At least four micro-batches, so the kill lands between batches of a running query, not
      // before the one batch that would otherwise hold all the input.
      long files = (spec.rows() + ctx.config().rowsPerFile() - 1) / ctx.config().rowsPerFile();
      extra.addAll(List.of("--max-files-per-trigger", Long.toString(Math.max(1, files / 4))));
    }
    ProcessBuilder pb =
        command(
            ctx,
            app,
            api,
            ctx.data().sparkInput(spec.dataset(), spec.rows()),
            dest,
            ckpt,
            dir,
            extra,
            "spark.out");
    List<RunResult.Event> events = new ArrayList<>();
    long submittedAt;
    long wallMs;
    double cpu;
    long rss;
    String note = "";
    try (ProcSampler sampler = new ProcSampler(ctx.config().sampleIntervalMs())) {
      Watched w = Watched.start(pb, sampler);
      submittedAt = w.startedAtMs;
      long deadline = submittedAt + ctx.config().runTimeoutMs();
      try {
        ctx.fairness().check(spec.engine(), procs(ctx, w));
        if (failure) {
          long started = awaitProcessing(ckpt, api, w, deadline);
          if (started > 0 && !w.awaitExit(started + spec.killAfterMs(ctx.config()))) {
            events.add(new RunResult.Event(started - submittedAt, "processing started"));
            sampler.sample();
            w.close();
            events.add(
                new RunResult.Event(
                    System.currentTimeMillis() - submittedAt, "SIGKILL driver+executor"));
            w = Watched.start(pb, sampler);
            ctx.fairness().check(spec.engine(), procs(ctx, w));
            events.add(
                new RunResult.Event(w.startedAtMs - submittedAt, "resubmitted from checkpoint"));
          } else {
            note = "finished before the kill; ";
          }
        }
        if (!w.awaitExit(deadline)) {
          throw new RunTimeoutException(
              "did not finish in " + ctx.config().runTimeoutMs() + " ms; see " + dir);
        }
        wallMs = System.currentTimeMillis() - submittedAt;
        events.add(new RunResult.Event(wallMs, "done"));
        if (w.process.exitValue() != 0) {
          throw new IllegalStateException(
              "spark-baseline exited "
                  + w.process.exitValue()
                  + ": "
                  + RainstormRun.lastLine(dir.resolve("spark.out")));
        }
      } finally {
        sampler.sample();
        cpu = sampler.cpuSeconds();
        rss = sampler.peakRssBytes();
        w.close();
      }
    }
    ReferenceResult ref = ctx.data().reference(app, spec.dataset(), spec.rows());
    OutputCheck.Verdict v = check(app, dest, ref);
    JsonNode m = JSON.readTree(dir.resolve("metrics.json").toFile());
    Long firstOutput = null;
    long firstDone = m.path("first_batch_done_epoch_ms").asLong(0);
    if (!failure && firstDone > 0) {
      firstOutput = firstDone - submittedAt;
    }
    Latency latency = null;
    if (!failure) {
      SparkCheckpoint.Batches b =
          api.equals("structured") ? SparkCheckpoint.read(ckpt) : DStreamBatchLog.read(batchLog);
      latency = fullSpeedLatency(b, submittedAt, spec.rows(), ctx.config().rowsPerFile());
    }
    ctx.cleanUp(dest, ckpt);
    return new RunResult(
        spec.dataset(),
        app.id(),
        spec.rows(),
        spec.engine(),
        spec.mode(),
        spec.rep(),
        v.ok() ? RunResult.OK : RunResult.FAILED,
        note + v.detail(),
        wallMs,
        failure ? null : m.path("startup_ms").asLong(),
        firstOutput,
        failure
            ? spec.rows() * 1000.0 / Math.max(1, wallMs)
            : m.path("steady_rows_per_s").asDouble(),
        failure
            ? "rows / wall (killed and resubmitted)"
            : "Spark: rows of batches 2..n / their time (1 batch: its own)",
        null,
        latency,
        cpu,
        rss,
        events);
  }

  /** The measured processes of a Spark run: its one JVM (driver and executor in local mode). */
  static List<Fairness.Proc> procs(BenchContext ctx, Watched w) {
    return List.of(
        new Fairness.Proc("spark-driver+executor", w.process.pid(), ctx.config().heapMb()));
  }

  /**
   * Waits until the job has begun processing input, the point after which a kill is "mid-run":
   * Structured Streaming has written the offsets of batch 0, DStreams have checkpointed their first
   * generated batch. Returns when (epoch ms), or 0 if the process ended first.
   */
  private static long awaitProcessing(String ckpt, String api, Watched w, long deadline)
      throws Exception {
    try (FileSystem fs = FileSystem.newInstance(URI.create(ckpt), new Configuration())) {
      org.apache.hadoop.fs.Path dir = BenchData.hpath(ckpt);
      while (w.process.isAlive()) {
        boolean started =
            api.equals("structured")
                ? fs.exists(new org.apache.hadoop.fs.Path(dir, "offsets/0"))
                : fs.exists(dir)
                    && fs.listStatus(dir, p -> p.getName().startsWith("checkpoint-")).length > 0;
        if (started) {
          return System.currentTimeMillis();
        }
        if (System.currentTimeMillis() > deadline) {
          throw new RunTimeoutException("Spark did not start processing before the run timeout");
        }
        Thread.sleep(100);
      }
      return 0;
    }
  }

  static OutputCheck.Verdict check(BenchmarkApp app, String dest, ReferenceResult ref)
      throws Exception {
    Configuration conf = new Configuration();
    if (app.stateful()) {
      Map<String, Long> counts = CurrentCounts.read(dest, conf);
      return OutputCheck.counts(counts, ref);
    }
    return OutputCheck.rows(CommittedRows.read(dest, conf), ref);
  }

  /**
   * Every input file was present at submission, so a row's latency is its batch's commit time minus
   * the submission time; each file stands for its rows.
   */
  private static Latency fullSpeedLatency(
      SparkCheckpoint.Batches b, long submittedAt, long rows, long perFile) {
    List<Double> lat = new ArrayList<>();
    List<Long> weights = new ArrayList<>();
    long left = rows;
    for (int i = 0; left > 0; i++) {
      long n = Math.min(perFile, left);
      left -= n;
      String name = String.format(java.util.Locale.ROOT, "part-%05d.csv", i);
      var t = b.committedAt(name);
      if (t.isPresent()) {
        lat.add((double) (t.getAsLong() - submittedAt));
        weights.add(n);
      }
    }
    if (lat.isEmpty()) {
      return null;
    }
    return Percentiles.summarise(
        "submission -> completion of the file's batch (all input present at submission)",
        lat.stream().mapToDouble(Double::doubleValue).toArray(),
        weights.stream().mapToLong(Long::longValue).toArray(),
        50);
  }
}
