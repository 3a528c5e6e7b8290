package org.dsuite.cluster.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.dsuite.cluster.bench.measure.ProcSampler;
import org.dsuite.cluster.bench.report.RunResult;
import org.dsuite.cluster.launcher.LocalCluster;
import org.dsuite.rainstorm.api.job.BenchmarkApp;
import org.dsuite.rainstorm.api.job.JobSpec;
import org.dsuite.rainstorm.api.reference.Reference;
import org.dsuite.rainstorm.api.reference.ReferenceResult;
import org.dsuite.spark.io.CommittedRows;
import org.dsuite.spark.io.CurrentCounts;

/**
 * The demo's job steps: an app on the cluster's RainStorm (optionally with two workers killed
 * mid-run) and on the Spark baseline, each output checked against the independent reference and
 * recorded in the {@link DemoReport}.
 */
final class DemoJobs {
  /**
   * How long a run with a kill is paced to take: long enough that the kill 1.5 s in lands mid-run
   * with time left to show recovery, short enough for a demo.
   */
  private static final long KILL_RUN_SECONDS = 8;

  private final Path home;
  private final Path work;
  private final LocalCluster cluster;
  private final Path dataset;
  private final long rows;
  private final int nodes;
  private final DemoReport report;

  DemoJobs(
      Path home,
      Path work,
      LocalCluster cluster,
      Path dataset,
      long rows,
      int nodes,
      DemoReport report) {
    this.home = home;
    this.work = work;
    this.cluster = cluster;
    this.dataset = dataset;
    this.rows = rows;
    this.nodes = nodes;
    this.report = report;
  }

  /** An output compared with the reference: final counts for a stateful app, else rows. */
  private record Check(boolean ok, String verdict, String summary, String difference) {
    static Check counts(Map<String, Long> got, ReferenceResult ref) {
      boolean ok = got.equals(ref.finalCounts());
      return new Check(
          ok,
          ok ? "final counts equal to the reference" : "counts differ from the reference",
          got.size() + " keys, final counts equal to the reference",
          "counts differ from the reference: " + got + " vs " + ref.finalCounts());
    }

    /** Rows as a multiset. */
    static Check rows(List<String> got, ReferenceResult ref) {
      List<String> have = new ArrayList<>(got);
      List<String> want = new ArrayList<>(ref.lines());
      have.sort(null);
      want.sort(null);
      boolean ok = have.equals(want);
      return new Check(
          ok,
          ok ? "rows equal to the reference as a multiset" : "rows differ from the reference",
          have.size() + " rows, equal to the reference as a multiset",
          "rows differ from the reference: " + have.size() + " vs " + want.size() + " rows");
    }

    String result() {
      return ok ? RunResult.OK : RunResult.FAILED;
    }
  }

  /** Runs the app on the Spark baseline through bin/spark-baseline, reading from HDFS. */
  String spark(BenchmarkApp app) throws Exception {
    String hdfs = cluster.file().hdfs();
    String dest = hdfs + "/demo/out-" + app.id();
    Path metrics = work.resolve(app.id() + "-metrics.json");
    Path log = work.resolve(app.id() + "-spark.out");
    ProcessBuilder pb =
        new ProcessBuilder(
                home.resolve("bin").resolve("spark-baseline").toString(),
                app.id(),
                "--src",
                hdfs + "/demo/in",
                "--dest",
                dest,
                "--checkpoint",
                hdfs + "/demo/checkpoints/" + app.id(),
                "--metrics-json",
                metrics.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("DSUITE_JAVA_OPTS", "-Xmx1g");
    long t0 = System.nanoTime();
    Process p;
    double cpu;
    long rss;
    try (ProcSampler sampler = new ProcSampler(100)) {
      p = pb.start();
      sampler.track(p.pid(), true);
      try {
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
          throw new IllegalStateException("Spark did not finish in 10 minutes; see " + log);
        }
      } finally {
        p.destroyForcibly().waitFor();
      }
      cpu = sampler.cpuSeconds();
      rss = sampler.peakRssBytes();
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (p.exitValue() != 0) {
      report.spark(app, rows, RunResult.ERROR, "exit " + p.exitValue(), ms, metrics, cpu, rss);
      throw new IllegalStateException("spark-baseline exited " + p.exitValue() + "; see " + log);
    }
    ReferenceResult ref = Reference.run(app, dataset);
    Configuration conf = new Configuration();
    Check check =
        app.stateful()
            ? Check.counts(CurrentCounts.read(dest, conf), ref)
            : Check.rows(CommittedRows.read(dest, conf), ref);
    report.spark(app, rows, check.result(), check.verdict(), ms, metrics, cpu, rss);
    if (!check.ok()) {
      throw new IllegalStateException("Spark " + check.difference());
    }
    return check.summary() + "; " + lastLine(log);
  }

  /**
   * Submits the app to the cluster's RainStorm (3 tasks per stage) and checks the destination on
   * HDFS against the reference; with {@code kill}, SIGKILLs two nodes (their workers with them) 1.5
   * s into the run, as in the MP4 demo, and restarts them afterwards. A killed run is paced to take
   * about {@link #KILL_RUN_SECONDS} (unpaced, a chained App1 on 100 K rows is done before 1.5 s),
   * and the summary says whether the job was still running when the kill came.
   */
  String rainstorm(BenchmarkApp app, boolean kill) throws Exception {
    String hdfs = cluster.file().hdfs();
    String dest = hdfs + "/demo/rainstorm-" + app.id() + ".out";
    List<String> args = new ArrayList<>(List.of("submit"));
    JobSpec job = app.job(hdfs + "/demo/in/traffic.csv", dest, 3);
    if (kill) {
      job = job.withInputRate(Math.max(1, rows / KILL_RUN_SECONDS));
    }
    args.addAll(job.toArgs());
    Path reportFile = work.resolve(app.id() + "-rainstorm-report.json");
    args.addAll(List.of("--zk", cluster.file().zk(), "--report", reportFile.toString()));
    Path outFile = work.resolve(app.id() + "-rainstorm.out");
    Path errFile = work.resolve(app.id() + "-rainstorm.err");
    long t0 = System.nanoTime();
    List<String> victims = List.of();
    boolean killedMidRun = false;
    List<RunResult.Event> kills = new ArrayList<>();
    Process p;
    double cpu;
    long rss;
    try (ProcSampler sampler = new ProcSampler(100)) {
      cluster.file().nodes().forEach(n -> sampler.track(n.process().pid(), false));
      p =
          DemoSteps.java("org.dsuite.rainstorm.engine.cli.RainstormMain", args)
              .redirectOutput(outFile.toFile())
              .redirectError(errFile.toFile())
              .start();
      sampler.track(p.pid(), true);
      try {
        if (kill) {
          Thread.sleep(1_500);
          victims = List.of(NodeNames.last(nodes, 0), NodeNames.last(nodes, 1));
          sampler.sample();
          killedMidRun = p.isAlive(); // the submitter follows the job until it is done
          for (String v : victims) {
            cluster.kill(v);
          }
          kills.add(
              new RunResult.Event((System.nanoTime() - t0) / 1_000_000, "SIGKILL " + victims));
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
          throw new IllegalStateException("the job did not finish in 10 minutes; see " + errFile);
        }
        sampler.sample();
      } finally {
        p.destroyForcibly().waitFor();
      }
      cpu = sampler.cpuSeconds();
      rss = sampler.peakRssBytes();
    } finally {
      for (String v : victims) {
        cluster.restart(v, Duration.ofMinutes(2));
      }
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (p.exitValue() != 0) {
      report.rainstorm(
          app,
          rows,
          kill,
          RunResult.ERROR,
          "exit " + p.exitValue(),
          ms,
          reportFile,
          cpu,
          rss,
          kills);
      throw new IllegalStateException(
          "rainstorm submit exited " + p.exitValue() + "; see " + errFile);
    }
    ReferenceResult ref = Reference.run(app, dataset);
    List<String> got = readHdfsLines(dest);
    Check check =
        app.stateful() ? Check.counts(Reference.finalCounts(got), ref) : Check.rows(got, ref);
    report.rainstorm(
        app, rows, kill, check.result(), check.verdict(), ms, reportFile, cpu, rss, kills);
    if (!check.ok()) {
      throw new IllegalStateException("RainStorm " + check.difference());
    }
    String killed =
        victims.isEmpty()
            ? ""
            : "killed "
                + victims
                + (killedMidRun
                    ? " mid-run (paced at " + job.inputRateRecordsPerS() + " rows/s); "
                    : " after the job had already finished; ");
    return killed + check.summary() + "; " + rows + " rows in " + ms + " ms";
  }

  private List<String> readHdfsLines(String uri) throws IOException {
    try (FileSystem fs = FileSystem.newInstance(URI.create(uri), new Configuration());
        var in = fs.open(new org.apache.hadoop.fs.Path(uri))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  private static String lastLine(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (!lines.get(i).isBlank()) {
        return lines.get(i).strip();
      }
    }
    return "";
  }
}
