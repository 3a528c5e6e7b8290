package org.dsuite.rainstorm.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.dsuite.common.config.Settings;
import org.dsuite.rainstorm.api.gen.DatasetWriter;
import org.dsuite.rainstorm.api.job.BenchmarkApp;
import org.dsuite.rainstorm.api.job.BenchmarkApps;
import org.dsuite.rainstorm.api.job.Dataset;
import org.dsuite.rainstorm.api.job.DeliveryMode;
import org.dsuite.rainstorm.api.job.JobSpec;
import org.dsuite.rainstorm.api.reference.Reference;
import org.dsuite.rainstorm.engine.log.TaskLogConfig;
import org.dsuite.rainstorm.engine.task.stats.StageAges;
import org.dsuite.rainstorm.engine.worker.HdfsClientSettings;
import org.dsuite.rainstorm.engine.worker.WorkerConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput and end-to-end latency from {@code submit --report}: App1 and App2, exactly-once and
 * at-least-once, on three in-process workers with task logs, source and destination on local files;
 * then App1 exactly-once again, paced at half its measured steady rate, for latency below
 * saturation. Each run's output is checked against the reference before its figures are kept.
 * Writes {@code target/report-bench.md}. Rows: {@code -Drainstorm.bench.rows} (default 200 000);
 * worker settings: {@code -Drainstorm.bench.set=KEY=VALUE,...}; only some apps and modes, in the
 * order given, repeats allowed: {@code
 * -Drainstorm.bench.only=traffic-app2/EXACTLY_ONCE,traffic-app2/AT_LEAST_ONCE}; each listed run
 * once on N rows first, not reported (JIT warm-up): {@code -Drainstorm.bench.warmup-rows=N}; the
 * paced run's rate: {@code -Drainstorm.bench.paced-rate} (default half of App1's measured steady
 * rate); task logs on a one-DataNode MiniDFSCluster in this JVM instead of local files: {@code
 * -Drainstorm.bench.hdfs=true} (HDFS closes and renames files through the NameNode, which local
 * files do not).
 */
@Tag("soak")
class ReportBench {
  @TempDir Path dir;

  private int run = 0;
  private boolean warmingUp; // runs not reported: marked in the printed run windows
  // -Drainstorm.bench.dest-hdfs=true (with bench.hdfs): the destination on the MiniDFSCluster too,
  // as in the product, where its sync is an hflush to the DataNodes; a local file's is an fsync
  // of this shared disk (up to 0.1-1.3 s under other builds, sessions 7-8).
  private MiniDFSCluster destDfs;
  private MiniDFSCluster logDfs; // -Drainstorm.bench.hdfs=true: for its NameNode's RPC count
  private final ContextSwitches switches = new ContextSwitches();

  @Test
  void benchmark() throws Exception {
    int rows = Integer.getInteger("rainstorm.bench.rows", 200_000);
    Path in = dir.resolve("in.csv");
    try (OutputStream o = Files.newOutputStream(in)) {
      new DatasetWriter(Dataset.TRAFFIC_SIGNS, 11).write(o, rows, null, 0);
    }
    StringBuilder md = new StringBuilder();
    md.append(
            Boolean.getBoolean("rainstorm.bench.hdfs")
                ? "Task logs on a one-DataNode MiniDFSCluster.\n\n"
                : "Task logs on local files.\n\n")
        .append(
            Boolean.getBoolean("rainstorm.bench.hdfs")
                    && Boolean.getBoolean("rainstorm.bench.dest-hdfs")
                ? "Destination on the MiniDFSCluster.\n\n"
                : "Destination on a local file.\n\n")
        .append(
            "false".equals(System.getProperty("rainstorm.bench.chain"))
                ? "No chaining (--no-chain).\n\n"
                : "Leading stateless operators chained into the source tasks when safe.\n\n")
        .append("| app | mode | rows | input rate | wall s | steady records/s | latency p50 ms |")
        .append(" p99 ms | max ms | longest stall in/out ms | JVM CPU µs/row |")
        .append(" context switches/row |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    String only = System.getProperty("rainstorm.bench.only", "");
    // A fixed rate for the paced run (records/s), so runs of two builds compare at the same rate.
    long pacedRate = Long.getLong("rainstorm.bench.paced-rate", 0);
    // Extra worker settings, e.g. -Drainstorm.bench.set=rainstorm.worker.source-batch-lines=2048
    List<String> extra = new ArrayList<>();
    if (!System.getProperty("rainstorm.bench.set", "").isBlank()) {
      extra.addAll(List.of(System.getProperty("rainstorm.bench.set").split(",")));
    }
    MiniDFSCluster dfs = null;
    if (Boolean.getBoolean("rainstorm.bench.hdfs")) {
      Configuration conf = new Configuration();
      // Hadoop caches one FileSystem per URI and user, not per configuration, so the in-process
      // workers share the client this cluster opened with this configuration: give it the
      // workers' client settings, which a worker process's own client has. Before session 7 the
      // benchmark ran on Hadoop's defaults (400 ms close retry, packet arrays not reused).
      Settings.Builder workerSettings =
          Settings.builder().set("rainstorm.hdfs-replace-datanode-on-failure", "false");
      for (String kv : extra) { // -Drainstorm.bench.set keys that reach the client, too
        workerSettings.set(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
      Settings ws = workerSettings.build();
      HdfsClientSettings.apply(WorkerConfig.from(ws), TaskLogConfig.from(ws), conf);
      conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
      dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
      dfs.waitActive();
      logDfs = dfs;
      extra.add(0, "rainstorm.hdfs=" + dfs.getURI() + "/logs");
      extra.add(1, "rainstorm.hdfs-replace-datanode-on-failure=false"); // one DataNode
      if (Boolean.getBoolean("rainstorm.bench.dest-hdfs")) {
        destDfs = dfs;
      }
    }
    try (TestingServer zk = new TestingServer(true);
        InProcessCluster c =
            new InProcessCluster(zk, "/bench", dir, 3, extra.toArray(String[]::new))) {
      double app1Steady = 0;
      List<String> order = runOrder(only);
      // -Drainstorm.bench.warmup-rows=N: each app and mode once on N rows first, not reported, so
      // every measured run finds its code compiled. Without it the first run of an app pays the
      // JIT for its own paths (App2 exactly-once, run right after App1, did: session 8).
      int warmupRows = Integer.getInteger("rainstorm.bench.warmup-rows", 0);
      if (warmupRows > 0) {
        Path warm = dir.resolve("warmup.csv");
        try (OutputStream o = Files.newOutputStream(warm)) {
          new DatasetWriter(Dataset.TRAFFIC_SIGNS, 12).write(o, warmupRows, null, 0);
        }
        StringBuilder ignored = new StringBuilder();
        warmingUp = true;
        for (String pick : new LinkedHashSet<>(order)) {
          runOnce(c, BenchmarkApps.byId(appOf(pick)), modeOf(pick), warm, 0, ignored, warmupRows);
        }
        warmingUp = false;
        // Above the table, not inside it.
        md.insert(0, "After a warm-up of each run on " + warmupRows + " rows.\n\n");
      }
      for (String pick : order) {
        BenchmarkApp app = BenchmarkApps.byId(appOf(pick));
        DeliveryMode mode = modeOf(pick);
        StageAges.reset();
        String json = runOnce(c, app, mode, in, 0, md, rows);
        if (StageAges.ON) {
          md.append("\n").append(app.id()).append(' ').append(mode).append(", unpaced:\n\n");
          md.append(StageAges.table()).append('\n');
        }
        if (app == BenchmarkApps.TRAFFIC_APP1 && mode == DeliveryMode.EXACTLY_ONCE) {
          app1Steady = SubmitReportTest.dbl(json, "steadyThroughputRps");
        }
      }
      // -Drainstorm.bench.paced-runs=N: the paced run N times (1), to tell a first paced job's
      // one-off costs (code the unpaced runs did not warm) from the steady tail.
      int pacedRuns = Integer.getInteger("rainstorm.bench.paced-runs", 1);
      for (int p = 0; p < pacedRuns && app1Steady > 0; p++) {
        // App1 exactly-once ran: pace it at half its steady rate
        StageAges.reset();
        runOnce(
            c,
            BenchmarkApps.TRAFFIC_APP1,
            DeliveryMode.EXACTLY_ONCE,
            in,
            pacedRate > 0 ? pacedRate : Math.max(1, (long) (app1Steady / 2)),
            md,
            rows);
        if (StageAges.ON) {
          md.append("\nPaced run, age of a batch's first tuple at each point:\n\n")
              .append(StageAges.table())
              .append("\nPaced run, source lateness (s0-2fed) by due time:\n\n")
              .append(StageAges.timeline("s0-2fed"))
              .append("\nPaced run, longest gap between a source's reads, by when it began:\n\n")
              .append(StageAges.timeline("s0-0ask-gap"))
              .append("\nPaced run, end to end (sink-6durable-first) by due time:\n\n")
              .append(StageAges.timeline("sink-6durable-first"));
        }
      }
    } finally {
      switches.close();
      if (dfs != null) {
        dfs.shutdown(true);
      }
    }
    Path out = Path.of("target", "report-bench.md");
    Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
    System.out.println(md);
  }

  /**
   * The runs to make, in order: all four by default, or {@code -Drainstorm.bench.only} as a
   * comma-separated list of {@code app/MODE}, repeats allowed (e.g. EO, ALO, EO, ALO of App2 in one
   * JVM, so the second pair runs with the JIT warm for both modes).
   */
  private static List<String> runOrder(String only) {
    if (!only.isBlank()) {
      return List.of(only.split(","));
    }
    List<String> all = new ArrayList<>();
    for (BenchmarkApp app : List.of(BenchmarkApps.TRAFFIC_APP1, BenchmarkApps.TRAFFIC_APP2)) {
      for (DeliveryMode mode : DeliveryMode.values()) {
        all.add(app.id() + "/" + mode);
      }
    }
    return all;
  }

  private static String appOf(String pick) {
    return pick.substring(0, pick.indexOf('/'));
  }

  private static DeliveryMode modeOf(String pick) {
    return DeliveryMode.valueOf(pick.substring(pick.indexOf('/') + 1));
  }

  private List<String> readLines(String destUri, Path local) throws java.io.IOException {
    if (destDfs == null) {
      return Files.readAllLines(local);
    }
    org.apache.hadoop.fs.FileSystem fs = destDfs.getFileSystem();
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(destUri);
    try (java.io.BufferedReader r =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(fs.open(p), StandardCharsets.UTF_8))) {
      List<String> lines = r.lines().collect(java.util.stream.Collectors.toList());
      fs.delete(p, false); // each run's output goes; the cluster's directory goes with the test
      return lines;
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Bytes allocated on the heap by every thread since the JVM started (JDK 14+). */
  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean)
            java.lang.management.ManagementFactory.getThreadMXBean())
        .getTotalThreadAllocatedBytes();
  }

  /**
   * Calls the in-process NameNode's client RPC server has taken (clients' and DataNodes'), or 0
   * without the MiniDFSCluster. A live counter: the JMX RPC metrics lag by a metrics period.
   */
  private long nameNodeRpcs() {
    return logDfs == null
        ? 0
        : ((org.apache.hadoop.hdfs.server.namenode.NameNodeRpcServer)
                logDfs.getNameNode().getRpcServer())
            .getClientRpcServer()
            .getTotalRequests();
  }

  /**
   * The HDFS clients' file operations so far, by operation (creates, renames, deletes, listings:
   * one rename per snapshot), from Hadoop's JVM-wide counters; empty before any HDFS client.
   */
  private static java.util.Map<String, Long> hdfsOps() {
    java.util.Map<String, Long> ops = new java.util.TreeMap<>();
    org.apache.hadoop.fs.StorageStatistics st =
        org.apache.hadoop.fs.GlobalStorageStatistics.INSTANCE.get("DFSOpsCountStatistics");
    if (st != null) {
      st.getLongStatistics().forEachRemaining(l -> ops.put(l.getName(), l.getValue()));
    }
    return ops;
  }

  private static String opsSince(java.util.Map<String, Long> before) {
    StringBuilder b = new StringBuilder();
    hdfsOps()
        .forEach(
            (op, n) -> {
              long d = n - before.getOrDefault(op, 0L);
              if (d > 0) {
                b.append(' ').append(op).append('=').append(d);
              }
            });
    return b.toString();
  }

  private String runOnce(
      InProcessCluster c,
      BenchmarkApp app,
      DeliveryMode mode,
      Path in,
      long rate,
      StringBuilder md,
      int rows)
      throws Exception {
    run++;
    Path dest = dir.resolve("out-" + run);
    String destUri = destDfs == null ? "file://" + dest : destDfs.getURI() + "/out/out-" + run;
    Path report = dir.resolve("report-" + run + ".json");
    // -Drainstorm.bench.chain=false: every operator in tasks of its own (--no-chain).
    JobSpec job =
        app.job("file://" + in, destUri, 3)
            .withMode(mode)
            .withInputRate(rate)
            .withChain(!"false".equals(System.getProperty("rainstorm.bench.chain")));
    List<String> args = new ArrayList<>(List.of("submit"));
    args.addAll(job.toArgs());
    args.addAll(List.of("--report", report.toString(), "--no-output", "--quiet-progress"));
    if (!"false".equals(System.getProperty("rainstorm.bench.gc-between"))) {
      // The previous run's reference check (two sorted copies of up to a million lines) is garbage
      // by now; collect it before this run, or its promotion and collection pause this run's
      // tuples (a 315 ms young pause at the start of the paced run, session 7): a worker process
      // never runs the reference. -Drainstorm.bench.gc-between=false: as before session 7.
      System.gc();
    }
    long cpuBefore = processCpuNanos();
    long allocBefore = allocatedBytes();
    long rpcsBefore = nameNodeRpcs();
    java.util.Map<String, Long> opsBefore = hdfsOps();
    long switchesBefore = switches.total();
    // For a per-thread sampler outside the JVM: which wall-clock window was which run.
    System.out.println(
        "bench-run "
            + run
            + " "
            + (warmingUp ? "warm-up:" : "")
            + app.id()
            + "/"
            + mode
            + " start-ms "
            + System.currentTimeMillis());
    InProcessCluster.Run r = c.rainstorm(args);
    System.out.println("bench-run " + run + " end-ms " + System.currentTimeMillis());
    // Thread hand-offs show as context switches (a wake-up is one for the woken thread).
    double switchesPerRow = (switches.total() - switchesBefore) / (double) rows;
    // CPU the whole JVM (workers, ZooKeeper, submitter) spent on the job, per input row: unlike
    // wall time it hardly depends on what else the loaded machine runs, so rows compare across
    // runs.
    double cpuMicrosPerRow = (processCpuNanos() - cpuBefore) / 1000.0 / rows;
    // What exactly-once adds besides CPU (session 9): heap allocation and NameNode round trips.
    System.out.printf(
        Locale.ROOT,
        "bench-cost %d %s%s/%s cpu-us/row %.2f alloc-B/row %.0f namenode-rpcs %d ops%s%n",
        run,
        warmingUp ? "warm-up:" : "",
        app.id(),
        mode,
        cpuMicrosPerRow,
        (allocatedBytes() - allocBefore) / (double) rows,
        nameNodeRpcs() - rpcsBefore,
        opsSince(opsBefore));
    assertThat(r.exit()).as(r.stderr()).isZero();
    // Sorted copies: AssertJ's any-order check is quadratic, too slow for a million lines.
    List<String> got = new ArrayList<>(readLines(destUri, dest));
    List<String> want = new ArrayList<>(Reference.run(job, in).lines());
    got.sort(null);
    want.sort(null);
    if (mode == DeliveryMode.EXACTLY_ONCE || got.equals(want)) {
      assertThat(got.equals(want)).as("output equals the reference as a multiset").isTrue();
    } else {
      // At-least-once after a task moved (a ZooKeeper session lost under load): replays write
      // lines again, and a moved count-by starts from zero, so only a loss is an error: fewer
      // lines than the reference, or a key (first field) of the reference missing.
      System.out.printf(
          Locale.ROOT,
          "at-least-once run %d: %d lines against the reference's %d (a task moved)%n",
          run,
          got.size(),
          want.size());
      assertThat(got.size()).as("at-least-once lines").isGreaterThanOrEqualTo(want.size());
      assertThat(firstFields(got)).as("at-least-once keys").containsAll(firstFields(want));
    }
    String json = Files.readString(report);
    md.append(
        String.format(
            Locale.ROOT,
            "| %s | %s | %d | %s | %.1f | %.0f | %.1f | %.1f | %.1f | %d / %d | %.1f | %.2f |%n",
            app.id(),
            mode,
            rows,
            rate == 0 ? "unlimited" : Long.toString(rate),
            SubmitReportTest.num(json, "wallMs") / 1000.0,
            json.contains("\"steadyThroughputRps\":null")
                ? Double.NaN
                : SubmitReportTest.dbl(json, "steadyThroughputRps"),
            SubmitReportTest.dbl(json, "p50"),
            SubmitReportTest.dbl(json, "p99"),
            SubmitReportTest.dbl(json, "max"),
            SubmitReportTest.num(json, "longestInputStallMs"),
            SubmitReportTest.num(json, "longestOutputStallMs"),
            cpuMicrosPerRow,
            switchesPerRow));
    return json;
  }

  private static Set<String> firstFields(List<String> lines) {
    Set<String> keys = new HashSet<>();
    for (String l : lines) {
      int comma = l.indexOf(',');
      keys.add(comma < 0 ? l : l.substring(0, comma));
    }
    return keys;
  }
}
