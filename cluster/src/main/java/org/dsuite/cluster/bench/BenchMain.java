package org.dsuite.cluster.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.dsuite.cluster.bench.report.Cell;
import org.dsuite.cluster.bench.report.RunResult;
import org.dsuite.cluster.bench.report.Target;
import org.dsuite.cluster.launcher.LocalCluster;
import org.dsuite.common.config.ConfigException;
import org.dsuite.common.config.Settings;
import org.dsuite.common.logging.LogFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/bench}: RainStorm against the Spark baseline (Structured Streaming and DStreams) on
 * the same data in the same HDFS, alternating, with a report (report.json, report.md, report.html).
 * {@code bin/bench compare A.json B.json} prints the differences of two reports.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    subcommands = {CompareCommand.class},
    description =
        "Runs RainStorm and Spark head to head on a local cluster and writes a report"
            + " (report.json, report.md, report.html).")
public final class BenchMain implements Callable<Integer> {
  @Option(names = "--sizes", description = "Rows per dataset, e.g. 100K,1M,10M (default 100K,1M).")
  String sizes;

  @Option(names = "--reps", description = "Repetitions of each measurement (default 3).")
  String reps;

  @Option(names = "--datasets", description = "traffic,web (default both).")
  String datasets;

  @Option(names = "--apps", description = "app1,app2 (default both).")
  String apps;

  @Option(
      names = "--engines",
      description = "rainstorm,spark-structured,spark-dstream (default all).")
  String engines;

  @Option(names = "--modes", description = "full-speed,rate,failure (default full-speed,rate).")
  String modes;

  @Option(
      names = "--input-rate",
      description = "Open-loop rows/s of the latency runs (default: half RainStorm's throughput).")
  String inputRate;

  @Option(
      names = "--heap-mb",
      description = "Spark heap = RainStorm workers' total (default 1024).")
  String heapMb;

  @Option(names = "--tasks", description = "Tasks per stage = Spark partitions (default 2).")
  String tasks;

  @Option(names = "--failure", description = "Also run the failure variant.")
  boolean failure;

  @Option(names = "--out", description = "Output directory (default $DSUITE_HOME/state/bench).")
  Path out;

  @Option(
      names = "--cluster-dir",
      description = "Use the running local cluster under this directory instead of starting one.")
  Path clusterDir;

  @Option(names = "--config", description = "Properties file with bench.* keys.")
  Path config;

  @Option(names = "--set", description = "key=value override, e.g. bench.latency-run-ms=10000.")
  List<String> overrides = new ArrayList<>();

  public static void main(String[] args) {
    CommandLine cl = new CommandLine(new BenchMain());
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("bench: " + e.getMessage());
          return 2;
        });
    System.exit(cl.execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path home = Path.of(System.getProperty("dsuite.home", "."));
    BenchConfig c;
    try {
      Settings.Builder b = Settings.fromCommandLine(config, overrides);
      flag(b, "bench.sizes", sizes);
      flag(b, "bench.reps", reps);
      flag(b, "bench.datasets", datasets);
      flag(b, "bench.apps", apps);
      flag(b, "bench.engines", engines);
      flag(b, "bench.modes", modes);
      flag(b, "bench.input-rate", inputRate);
      flag(b, "bench.heap-mb", heapMb);
      flag(b, "bench.tasks", tasks);
      if (failure) {
        b.set("bench.failure", "true");
      }
      if (out != null) {
        b.set("bench.out-dir", out.toString());
      }
      if (clusterDir != null) {
        b.set("bench.cluster-dir", clusterDir.toString());
      }
      Settings s = b.build();
      c = BenchConfig.from(s, home);
      s.checkNoUnknownKeys();
    } catch (ConfigException e) {
      System.err.println("bench: invalid configuration: " + e.getMessage());
      return 2;
    }
    LogFiles.directTo(c.outDir().resolve("logs"), "bench");
    return new BenchMain().bench(c, home, System.out);
  }

  private static void flag(Settings.Builder b, String key, String value) {
    if (value != null) {
      b.set(key, value);
    }
  }

  int bench(BenchConfig c, Path home, PrintStream out) throws Exception {
    List<RunSpec> plan = BenchPlan.all(c, Environment.rainstormHasReport());
    out.printf(
        Locale.ROOT,
        "bench: %d runs (%s x %s x %s x %d reps; modes %s); estimated duration %s at a load"
            + " average of 15-30 (less on a quiet machine); each run stops at %s%n",
        plan.size(),
        c.datasets(),
        c.apps(),
        c.sizes().stream().map(BenchData::label).toList(),
        c.reps(),
        c.modes(),
        Estimate.hms(Estimate.total(c, plan)),
        Estimate.hms(c.runTimeoutMs() / 1000.0));
    // Ctrl-C or SIGTERM, also while the cluster is still starting: the run's processes and the
    // cluster this bench started go too.
    AtomicReference<LocalCluster> owned = new AtomicReference<>();
    AtomicBoolean starting = new AtomicBoolean();
    Thread hook =
        new Thread(
            () -> {
              Watched.killAll();
              if (owned.get() != null) {
                owned.get().stop(line -> {});
              } else if (starting.get()) {
                stopOwnChildren();
              }
            },
            "bench-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    LocalCluster cluster;
    boolean started = false;
    if (c.clusterDir().isPresent()) {
      Optional<LocalCluster> a = LocalCluster.attach(c.clusterDir().get());
      if (a.isEmpty()) {
        Runtime.getRuntime().removeShutdownHook(hook);
        System.err.println("bench: no cluster.json under " + c.clusterDir().get());
        return 2;
      }
      cluster = a.get();
      out.println("bench: using the cluster under " + c.clusterDir().get());
    } else {
      out.printf(
          Locale.ROOT,
          "bench: starting a local cluster (%d RainStorm workers x -Xmx%dm, ZooKeeper, HDFS) ...%n",
          c.nodes(),
          c.workerHeapMb());
      starting.set(true);
      try {
        cluster =
            LocalCluster.start(
                c.outDir().resolve("cluster"),
                new LocalCluster.Options(
                    true,
                    c.nodes(),
                    c.basePort(),
                    1,
                    // RainStorm's failure detection is the node's swim membership.
                    List.of("swim", "rainstorm"),
                    Optional.empty(),
                    Optional.empty(),
                    List.of("-Xmx" + c.workerHeapMb() + "m"),
                    Duration.ofMinutes(3)),
                line -> out.println("      " + line));
      } catch (IOException | InterruptedException | RuntimeException e) {
        Runtime.getRuntime().removeShutdownHook(hook);
        throw e;
      }
      owned.set(cluster);
      started = true;
    }
    try {
      return run(c, home, cluster, out);
    } finally {
      Runtime.getRuntime().removeShutdownHook(hook);
      if (started) {
        out.println("bench: stopping the cluster ...");
        cluster.stop(line -> out.println("      " + line));
        // The embedded HDFS and ZooKeeper data (both input copies, every output) go with it; the
        // node logs stay for a post-mortem.
        deleteTree(c.outDir().resolve("cluster").resolve("infra"));
      }
      if (!c.keepData()) {
        new BenchData(c.outDir().resolve("data"), "", c.rowsPerFile()).deleteLocal();
      }
    }
  }

  /**
   * The processes this JVM started while the cluster was starting (infrastructure, nodes): SIGTERM,
   * then SIGKILL after 15 s. Only this bench's own descendants, by PID.
   */
  private static void stopOwnChildren() {
    List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
    children.forEach(ProcessHandle::destroy);
    for (ProcessHandle h : children) {
      try {
        h.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!java.nio.file.Files.exists(dir)) {
      return;
    }
    try (var paths = java.nio.file.Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.deleteIfExists(p);
      }
    }
  }

  private int run(BenchConfig c, Path home, LocalCluster cluster, PrintStream out)
      throws Exception {
    String benchId =
        LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    BenchData data =
        new BenchData(c.outDir().resolve("data"), cluster.file().hdfs(), c.rowsPerFile());
    for (long rows : c.sizes()) {
      for (String ds : c.datasets()) {
        out.println("bench: preparing " + ds + " " + BenchData.label(rows) + " ...");
        out.println("      " + data.prepare(ds, rows, out));
      }
    }
    boolean rsReport = Environment.rainstormHasReport();
    BenchContext ctx =
        new BenchContext(
            c, home, cluster, data, benchId, rsReport, rsReport, new Fairness(Fairness.ownJava()));
    Map<String, String> env = Environment.describe(home);
    BenchRunner runner = new BenchRunner(ctx, env, Environment.notes(rsReport), out);
    List<RunResult> results = runner.runAll();
    out.println();
    printSummary(results, out);
    out.println("bench: report " + runner.html());
    long bad = results.stream().filter(r -> !r.ok()).count();
    if (bad > 0) {
      out.println("bench: *** " + bad + " run(s) FAILED or did not complete; see the report ***");
      return 1;
    }
    return 0;
  }

  private static void printSummary(List<RunResult> results, PrintStream out) throws IOException {
    out.println("targets (RainStorm / Spark, medians):");
    for (Target t : Target.check(Cell.of(results))) {
      out.printf(
          Locale.ROOT,
          "  %-34s vs %-16s %-14s %-6s ratio %8.3f  goal %s %.3f  %s%n",
          t.name(),
          t.against(),
          t.app(),
          BenchData.label(t.rows()),
          t.ratio(),
          t.higherIsBetter() ? ">=" : "<=",
          t.goal(),
          Double.isNaN(t.ratio()) ? "n/a" : t.met() ? "met" : "NOT MET");
    }
  }
}
