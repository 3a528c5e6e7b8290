package org.dsuite.cluster.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.dsuite.cluster.bench.measure.OutputCheck;
import org.dsuite.cluster.bench.measure.Percentiles;
import org.dsuite.cluster.bench.measure.ProcSampler;
import org.dsuite.cluster.bench.report.Latency;
import org.dsuite.cluster.bench.report.RunResult;
import org.dsuite.rainstorm.api.job.BenchmarkApp;
import org.dsuite.rainstorm.api.reference.Reference;
import org.dsuite.rainstorm.api.reference.ReferenceResult;

/**
 * Spark latency at a fixed open-loop input rate, for both APIs. The job runs in continuous mode
 * over an empty HDFS directory; a feeder (this thread) then moves one file of {@code rate x
 * latency-file-ms} rows into it every {@code latency-file-ms}, on a fixed schedule that does not
 * wait for Spark (open loop), and records each file's arrival (the rename's return). A row's
 * latency is the completion time of the batch that read its file minus its file's arrival. A first
 * warm-up file, fed before the clock starts and excluded, keeps Spark's first-job warm-up out of
 * the figures. The open-loop clock thus starts when the pipeline is up, the rule both engines
 * follow (RainStorm's paced sources start their schedule once every task of the job is up): the
 * time from the process start to then is the run's start-up, reported apart ({@link
 * RunResult#startupMs}).
 *
 * <p>Structured Streaming: the file-to-batch mapping and the commit time come from the checkpoint
 * ({@code sources/0/N}, the NameNode's modification time of {@code commits/N}, written after the
 * batch's output). DStreams: from the driver's {@code --batch-log} (the file source's input info
 * and the listener's completion time, after the batch's output directory was published). Both are
 * upper bounds of when the output was durable, so latency is slightly over-, never under-, stated.
 * Arrival is per file, so rows arrive in bursts of one file; listing the directory is part of
 * Spark's cost, as it would be in production with a file source; DStreams add up to one batch
 * interval of waiting.
 */
final class SparkRateRun {
  private SparkRateRun() {}

  static RunResult run(BenchContext ctx, RunSpec spec, Path sourceFile) throws Exception {
    BenchmarkApp app = spec.benchmarkApp();
    BenchConfig c = ctx.config();
    long fileRows = Math.max(1, Math.round(spec.inputRateRps() * c.latencyFileMs() / 1000.0));
    int files = (int) Math.max(1, c.latencyRunMs() / c.latencyFileMs());
    String in = ctx.hdfsPath("rate/" + spec.name() + "/in");
    String staging = ctx.hdfsPath("rate/" + spec.name() + "/staging");
    String dest = ctx.hdfsPath("out/" + spec.name());
    String ckpt = ctx.hdfsPath("checkpoints/" + spec.name());
    Path dir = ctx.runDir(spec.name());
    String api = SparkRun.api(spec.engine());
    Path batchLog = dir.resolve("batches.jsonl");
    Files.deleteIfExists(batchLog);
    BatchSource batches =
        api.equals("dstream")
            ? () -> DStreamBatchLog.read(batchLog)
            : () -> SparkCheckpoint.read(ckpt);
    List<String> extra =
        new ArrayList<>(List.of("--mode", "continuous", "--max-files-per-trigger", "100000"));
    if (api.equals("dstream")) {
      extra.addAll(List.of("--batch-log", batchLog.toString()));
    }
    List<String> fed = new ArrayList<>();
    Map<String, Long> arrival = new LinkedHashMap<>();
    Map<String, Long> rowsOf = new LinkedHashMap<>();
    ProcessBuilder pb = SparkRun.command(ctx, app, api, in, dest, ckpt, dir, extra, "spark.out");
    double cpu;
    long rss;
    long wallMs;
    long lastCommit;
    long startupMs;
    try (FileSystem fs = FileSystem.newInstance(URI.create(ctx.hdfs()), new Configuration());
        BufferedReader src = Files.newBufferedReader(sourceFile, StandardCharsets.UTF_8);
        ProcSampler sampler = new ProcSampler(c.sampleIntervalMs())) {
      String header = src.readLine();
      fed.add(header);
      fs.mkdirs(BenchData.hpath(in));
      fs.mkdirs(BenchData.hpath(staging));
      try (Watched w = Watched.start(pb, sampler)) {
        ctx.fairness().check(spec.engine(), SparkRun.procs(ctx, w));
        long deadline = w.startedAtMs + c.runTimeoutMs();
        // Warm-up: not timed; the clock starts once its batch has committed.
        feed(fs, src, header, staging, in, "warmup.csv", fileRows, fed);
        awaitCommitted(batches, List.of("warmup.csv"), w, deadline);
        long t0 = System.currentTimeMillis();
        startupMs = t0 - w.startedAtMs; // the same rule as RainStorm's: clock starts when ready
        for (int i = 0; i < files; i++) {
          long due = t0 + i * c.latencyFileMs();
          long now = System.currentTimeMillis();
          if (due > now) {
            Thread.sleep(due - now);
          }
          String name = String.format(Locale.ROOT, "f-%06d.csv", i);
          long n = feed(fs, src, header, staging, in, name, fileRows, fed);
          if (n == 0) {
            break;
          }
          arrival.put(name, System.currentTimeMillis());
          rowsOf.put(name, n);
        }
        lastCommit = awaitCommitted(batches, List.copyOf(arrival.keySet()), w, deadline);
        wallMs = System.currentTimeMillis() - w.startedAtMs;
        sampler.sample();
        cpu = sampler.cpuSeconds();
        rss = sampler.peakRssBytes();
        w.stop(20_000);
      }
    }
    SparkCheckpoint.Batches b = batches.read();
    double[] lat = new double[arrival.size()];
    long[] weights = new long[arrival.size()];
    int i = 0;
    long firstArrival = Long.MAX_VALUE;
    long timedRows = 0;
    for (Map.Entry<String, Long> e : arrival.entrySet()) {
      lat[i] = b.committedAt(e.getKey()).orElseThrow() - e.getValue();
      weights[i++] = rowsOf.get(e.getKey());
      firstArrival = Math.min(firstArrival, e.getValue());
      timedRows += rowsOf.get(e.getKey());
    }
    Latency latency =
        Percentiles.summarise(
            api.equals("dstream")
                ? "file arrival (rename into the source dir) -> completion of its DStream batch"
                : "file arrival (rename into the source dir) -> commit of its micro-batch",
            lat,
            weights,
            50);
    ReferenceResult ref = Reference.run(app.job("src", "dest", ctx.config().tasks()), fed);
    OutputCheck.Verdict v = SparkRun.check(app, dest, ref);
    ctx.cleanUp(dest, ckpt, ctx.hdfsPath("rate/" + spec.name()));
    return new RunResult(
        spec.dataset(),
        app.id(),
        spec.rows(),
        spec.engine(),
        spec.mode(),
        spec.rep(),
        v.ok() ? RunResult.OK : RunResult.FAILED,
        (fed.size() - 1) + " rows fed in " + (arrival.size() + 1) + " files; " + v.detail(),
        wallMs,
        startupMs,
        null,
        timedRows * 1000.0 / Math.max(1, lastCommit - firstArrival),
        "open loop: timed rows / (last commit - first arrival)",
        spec.inputRateRps(),
        latency,
        cpu,
        rss,
        List.of());
  }

  /** Writes up to {@code rows} rows (with the header) to staging and renames it into the source. */
  private static long feed(
      FileSystem fs,
      BufferedReader src,
      String header,
      String staging,
      String in,
      String name,
      long rows,
      List<String> fed)
      throws IOException {
    StringBuilder b = new StringBuilder(header).append('\n');
    long n = 0;
    String line;
    while (n < rows && (line = src.readLine()) != null) {
      b.append(line).append('\n');
      fed.add(line);
      n++;
    }
    if (n == 0) {
      return 0;
    }
    org.apache.hadoop.fs.Path tmp = BenchData.hpath(staging + "/" + name);
    try (FSDataOutputStream o = fs.create(tmp)) {
      o.write(b.toString().getBytes(StandardCharsets.UTF_8));
    }
    if (!fs.rename(tmp, BenchData.hpath(in + "/" + name))) {
      throw new IOException("could not move " + tmp + " into " + in);
    }
    return n;
  }

  /** Where a run's file-to-batch mapping and batch completion times come from. */
  @FunctionalInterface
  interface BatchSource {
    SparkCheckpoint.Batches read() throws IOException;
  }

  /** Waits until every named file's batch has committed; returns the latest commit time. */
  private static long awaitCommitted(
      BatchSource batches, List<String> names, Watched w, long deadline) throws Exception {
    while (true) {
      SparkCheckpoint.Batches b = batches.read();
      long latest = 0;
      boolean all = true;
      for (String n : names) {
        OptionalLong t = b.committedAt(n);
        if (t.isEmpty()) {
          all = false;
          break;
        }
        latest = Math.max(latest, t.getAsLong());
      }
      if (all) {
        return latest;
      }
      if (!w.process.isAlive()) {
        throw new IllegalStateException(
            "Spark exited ("
                + w.process.exitValue()
                + ") before committing its input: "
                + RainstormRun.lastLine(w.logFile()));
      }
      if (System.currentTimeMillis() > deadline) {
        throw new RunTimeoutException(
            "Spark did not commit its input within " + (deadline - w.startedAtMs) + " ms");
      }
      Thread.sleep(100);
    }
  }
}
