package org.dsuite.cluster.demo;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.dsuite.cluster.launcher.ClusterFile;
import org.dsuite.cluster.launcher.LocalCluster;
import org.dsuite.dfs.client.ClientConfig;
import org.dsuite.dfs.client.HydfsClient;
import org.dsuite.dfs.client.Listings;
import org.dsuite.rainstorm.api.gen.DatasetWriter;
import org.dsuite.rainstorm.api.job.BenchmarkApps;
import org.dsuite.rainstorm.api.job.Dataset;

/** The demo's steps, each timed, printed as it runs and recorded in the {@link Summary}. */
final class DemoSteps {
  private static final String HYDFS_NAME = "traffic.csv";

  private interface Step {
    String run() throws Exception;
  }

  private final Path home;
  private final Path work;
  private final int nodes;
  private final long rows;
  private final int basePort;
  private final Summary summary;
  private final PrintStream out;
  final DemoReport report = new DemoReport();
  private LocalCluster cluster;
  private Path dataset;
  private int step;
  private int totalSteps;

  DemoSteps(
      Path home, Path work, int nodes, long rows, int basePort, Summary summary, PrintStream out) {
    this.home = home;
    this.work = work;
    this.nodes = nodes;
    this.rows = rows;
    this.basePort = basePort;
    this.summary = summary;
    this.out = out;
  }

  /** Runs every step; a failed step is recorded and the steps that need it are skipped. */
  boolean runAll(boolean spark) {
    totalSteps = spark ? 10 : 8;
    boolean ok = run("start the local cluster", this::startCluster);
    ok &= run("generate the Traffic Signs dataset", this::generate);
    if (cluster == null || dataset == null) {
      return false;
    }
    ok &= run("load it into HyDFS and HDFS", this::load);
    ok &= run("grep every node's logs (dgrep --member)", this::grep);
    ok &= run("kill two HyDFS replicas; file survives", this::survive);
    ok &= run("restart the killed nodes", this::restart);
    ok &=
        run(
            "RainStorm App1 (filter + select), exactly-once, vs reference",
            () -> jobs().rainstorm(BenchmarkApps.TRAFFIC_APP1, false));
    ok &=
        run(
            "RainStorm App2 (filter + count-by), two workers SIGKILLed 1.5 s in, vs reference",
            () -> jobs().rainstorm(BenchmarkApps.TRAFFIC_APP2, true));
    if (spark) {
      ok &=
          run(
              "Spark baseline App1 (filter + select) vs reference",
              () -> jobs().spark(BenchmarkApps.TRAFFIC_APP1));
      ok &=
          run(
              "Spark baseline App2 (filter + count-by) vs reference",
              () -> jobs().spark(BenchmarkApps.TRAFFIC_APP2));
    }
    return ok;
  }

  private boolean run(String name, Step s) {
    step++;
    out.printf("[%d/%d] %s ...%n", step, totalSteps, name);
    long t0 = System.nanoTime();
    try {
      String detail = s.run();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      out.printf("      ok in %.1f s: %s%n", ms / 1000.0, detail);
      summary.add(name, true, ms, detail);
      return true;
    } catch (Exception | AssertionError e) {
      long ms = (System.nanoTime() - t0) / 1_000_000;
      out.printf("      FAILED after %.1f s: %s%n", ms / 1000.0, e.getMessage());
      summary.add(name, false, ms, String.valueOf(e.getMessage()));
      return false;
    }
  }

  private String startCluster() throws Exception {
    cluster =
        LocalCluster.start(
            work.resolve("cluster"),
            new LocalCluster.Options(
                true,
                nodes,
                basePort,
                3,
                List.of("swim", "grep", "dfs", "rainstorm"),
                Optional.empty(),
                Optional.empty(),
                List.of("-Xmx256m"),
                Duration.ofMinutes(3)),
            line -> out.println("      " + line));
    return nodes
        + " nodes (swim, grep, HyDFS, RainStorm worker), ZooKeeper "
        + cluster.file().zk()
        + ", HDFS "
        + cluster.file().hdfs();
  }

  private String generate() throws Exception {
    dataset = work.resolve("data").resolve("traffic.csv");
    Files.createDirectories(dataset.getParent());
    try (OutputStream o = Files.newOutputStream(dataset)) {
      new DatasetWriter(Dataset.TRAFFIC_SIGNS, 42).write(o, rows, DemoMain.nowhere(), rows);
    }
    return rows + " rows, " + Files.size(dataset) / 1024 + " KiB, seed 42";
  }

  private DemoJobs jobs() {
    return new DemoJobs(home, work, cluster, dataset, rows, nodes, report);
  }

  private HydfsClient client() {
    return new HydfsClient(
        ClientConfig.of(cluster.file().nodes().stream().map(n -> n.address("dfs")).toList()));
  }

  private String load() throws Exception {
    try (HydfsClient c = client()) {
      awaitRing(c, nodes);
      c.create(HYDFS_NAME, dataset);
    }
    try (FileSystem fs =
        FileSystem.newInstance(URI.create(cluster.file().hdfs()), new Configuration())) {
      fs.mkdirs(new org.apache.hadoop.fs.Path("/demo/in"));
      fs.copyFromLocalFile(
          new org.apache.hadoop.fs.Path(dataset.toUri()),
          new org.apache.hadoop.fs.Path("/demo/in/traffic.csv"));
    }
    return "HyDFS " + HYDFS_NAME + " and " + cluster.file().hdfs() + "/demo/in/traffic.csv";
  }

  private String grep() throws Exception {
    String member = cluster.node("node1").address("grep");
    Path outFile = work.resolve("dgrep.out");
    Path errFile = work.resolve("dgrep.err");
    Process p =
        java(
                "org.dsuite.grep.client.DgrepMain",
                List.of("-c", "-E", "started (swim|grep|dfs)", "node.log", "--member", member))
            .redirectOutput(outFile.toFile())
            .redirectError(errFile.toFile())
            .start();
    try {
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        throw new IllegalStateException("dgrep did not finish in 2 minutes");
      }
    } finally {
      p.destroyForcibly().waitFor();
    }
    String err = Files.readString(errFile).strip();
    List<String> lines = Files.readAllLines(outFile);
    long total =
        lines.stream()
            .filter(l -> l.startsWith("total:"))
            .mapToLong(l -> Long.parseLong(l.substring(6)))
            .sum();
    long expected = 3L * nodes; // each node logs "started X" once per service
    if (p.exitValue() != 0 || total < expected) {
      throw new IllegalStateException(
          "expected at least " + expected + " matches, got " + total + ": " + err);
    }
    return err.replaceFirst("^dgrep: ", "");
  }

  private String survive() throws Exception {
    byte[] expected = sha256(Files.readAllBytes(dataset));
    try (HydfsClient c = client()) {
      Listings.FileLocation loc = c.ls(HYDFS_NAME);
      List<String> victims = new ArrayList<>();
      for (Listings.Replica r : loc.replicas()) {
        String name = nodeByDfs(r.address());
        if (!name.equals("node1") && victims.size() < 2) {
          victims.add(name);
        }
      }
      long t0 = System.nanoTime();
      for (String v : victims) {
        cluster.kill(v);
      }
      killed = victims;
      List<Listings.Replica> holders = awaitHolders(c, 3);
      long restoredMs = (System.nanoTime() - t0) / 1_000_000;
      Path back = work.resolve("data").resolve("traffic.back.csv");
      c.get(HYDFS_NAME, back);
      if (!MessageDigest.isEqual(expected, sha256(Files.readAllBytes(back)))) {
        throw new IllegalStateException("the file read back differs from the one written");
      }
      return "killed "
          + victims
          + " (SIGKILL); 3 live replicas again after "
          + restoredMs
          + " ms on "
          + holders.stream().map(r -> nodeByDfs(r.address())).toList()
          + "; content identical (SHA-256 "
          + HexFormat.of().formatHex(expected, 0, 6)
          + "…)";
    }
  }

  private List<String> killed = List.of();

  private String restart() throws Exception {
    for (String v : killed) {
      cluster.restart(v, Duration.ofMinutes(2));
    }
    try (HydfsClient c = client()) {
      awaitRing(c, nodes);
    }
    return "restarted " + killed + "; ring back to " + nodes + " members";
  }

  void stopCluster() {
    if (cluster != null) {
      out.println("stopping the cluster ...");
      cluster.stop(line -> out.println("      " + line));
    }
  }

  private String nodeByDfs(String address) {
    return cluster.file().nodes().stream()
        .filter(n -> n.address("dfs").equals(address))
        .map(ClusterFile.Node::name)
        .findFirst()
        .orElse(address);
  }

  private static void awaitRing(HydfsClient c, int size) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (c.members().size() != size) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the ring did not reach " + size + " members");
      }
      Thread.sleep(200);
    }
  }

  private static List<Listings.Replica> awaitHolders(HydfsClient c, int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      List<Listings.Replica> holding =
          c.ls(HYDFS_NAME).replicas().stream().filter(r -> r.status().startsWith("holds")).toList();
      if (holding.size() == n) {
        return holding;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not back at " + n + " replicas within 90 s: " + holding);
      }
      Thread.sleep(200);
    }
  }

  /** A JVM on this process's classpath running {@code main}. */
  static ProcessBuilder java(String main, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
    cmd.addAll(args);
    return new ProcessBuilder(cmd);
  }

  private static byte[] sha256(byte[] data) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }
}
