package org.dsuite.cluster.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.dsuite.cluster.node.Reachability;

/**
 * A cluster of node daemons on 127.0.0.1, each a separate JVM, plus an infrastructure JVM with a
 * real ZooKeeper and a real HDFS (or external ones). Everything lives under one directory whose
 * {@code cluster.json} records every address and PID. Used by {@code bin/cluster} and by the
 * integration tests, so both exercise the same code.
 */
public final class LocalCluster {
  private static final Duration EXTERNAL_PROBE = Duration.ofSeconds(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What to start.
   *
   * @param externalHdfs an {@code hdfs://} URI to use instead of starting embedded HDFS
   * @param externalZk a ZooKeeper connect string to use instead of starting embedded ZooKeeper
   * @param nodeJvmFlags JVM flags for each node daemon (e.g. heap size)
   * @param infra whether to start embedded ZooKeeper/HDFS for what is not external; services that
   *     need neither (swim, grep, dfs) can run without
   */
  public record Options(
      boolean infra,
      int nodes,
      int basePort,
      int dataNodes,
      List<String> services,
      Optional<String> externalHdfs,
      Optional<String> externalZk,
      List<String> nodeJvmFlags,
      Duration startTimeout) {
    public Options {
      if (nodes < 1 || nodes > 100) {
        throw new IllegalArgumentException("--nodes must be between 1 and 100, got " + nodes);
      }
      if (basePort < 1024 + 10 || basePort + NodeLayout.PORTS_PER_NODE * nodes > 65_535) {
        throw new IllegalArgumentException(
            "--base-port "
                + basePort
                + " leaves no room for "
                + nodes
                + " nodes (ports base-10 .. base+10*nodes)");
      }
      services = List.copyOf(services);
      nodeJvmFlags = List.copyOf(nodeJvmFlags);
    }

    public static Options defaults(int nodes) {
      return new Options(
          true,
          nodes,
          7100,
          3,
          List.of("swim"),
          Optional.empty(),
          Optional.empty(),
          List.of("-Xmx512m"),
          Duration.ofMinutes(2));
    }
  }

  private final Path dir;
  private ClusterFile file;

  private LocalCluster(Path dir, ClusterFile file) {
    this.dir = dir;
    this.file = file;
  }

  /** The cluster recorded under {@code dir}, if any. */
  public static Optional<LocalCluster> attach(Path dir) throws IOException {
    return ClusterFile.read(dir).map(f -> new LocalCluster(dir, f));
  }

  /**
   * Starts infrastructure and nodes, waiting until each answers; on any failure stops whatever it
   * started. {@code progress} receives one line per step.
   */
  public static LocalCluster start(Path dir, Options o, Consumer<String> progress)
      throws IOException, InterruptedException {
    Optional<ClusterFile> existing = ClusterFile.read(dir);
    if (existing.isPresent() && anyAlive(existing.get())) {
      throw new IllegalStateException(
          "a cluster is already running under " + dir + " (bin/cluster stop first)");
    }
    Optional<String> busy = Ports.firstBusy(o);
    if (busy.isPresent()) {
      throw new IllegalStateException(busy.get());
    }
    // External systems are checked before anything starts, so a typo costs seconds, not a
    // cluster of nodes that each fail the same way.
    o.externalZk().ifPresent(zk -> Reachability.requireZooKeeper("--zk", zk, EXTERNAL_PROBE));
    o.externalHdfs().ifPresent(h -> Reachability.requireHdfs("--hdfs", h, EXTERNAL_PROBE));
    Files.createDirectories(dir);
    List<ManagedProcess> started = new ArrayList<>();
    try {
      ManagedProcess infra = null;
      String zk = o.externalZk().orElse(null);
      String hdfs = o.externalHdfs().orElse(null);
      if (o.infra() && (zk == null || hdfs == null)) {
        infra = startInfra(dir, o, progress);
        started.add(infra);
        JsonNode info = JSON.readTree(dir.resolve("infra").resolve("infra.json").toFile());
        zk = zk != null ? zk : info.get("zk").asText();
        hdfs = hdfs != null ? hdfs : info.get("hdfs").asText();
      }
      if (o.services().contains("rainstorm") && (zk == null || hdfs == null)) {
        throw new IllegalArgumentException(
            "the rainstorm service needs ZooKeeper and HDFS: drop --no-infra or give --zk and --hdfs");
      }
      String seeds = seeds(o);
      List<ClusterFile.Node> nodes = new ArrayList<>();
      for (int i = 1; i <= o.nodes(); i++) {
        Map<String, Integer> ports = NodeLayout.ports(o.basePort(), i);
        Path nodeDir = NodeLayout.dir(dir, i);
        Path config = nodeDir.resolve("node.properties");
        writeProperties(
            config,
            NodeLayout.settings(
                dir,
                o.nodes(),
                i,
                ports,
                o.services(),
                seeds,
                zk,
                hdfs,
                o.externalHdfs().isEmpty()));
        ClusterFile.Node node =
            new ClusterFile.Node(
                NodeLayout.name(i),
                "127.0.0.1",
                ports,
                config.toString(),
                nodeDir.toString(),
                null,
                o.nodeJvmFlags());
        ManagedProcess p = startNode(node, o.nodeJvmFlags());
        started.add(p);
        nodes.add(node.withProcess(p));
      }
      ClusterFile cf = new ClusterFile(dir.toString(), zk, hdfs, infra, nodes);
      cf.write(dir);
      LocalCluster cluster = new LocalCluster(dir, cf);
      for (ClusterFile.Node n : nodes) {
        long t0 = System.nanoTime();
        cluster.awaitHealthy(n, o.startTimeout());
        progress.accept(
            "node "
                + n.name()
                + " up (pid "
                + n.process().pid()
                + ", admin "
                + n.address("admin")
                + ") in "
                + ms(t0)
                + " ms");
      }
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      for (ManagedProcess p : started) {
        p.kill();
      }
      throw e;
    }
  }

  private static String seeds(Options o) {
    List<String> seeds = new ArrayList<>();
    for (int i = 1; i <= Math.min(2, o.nodes()); i++) {
      seeds.add("127.0.0.1:" + NodeLayout.ports(o.basePort(), i).get("swim"));
    }
    return String.join(",", seeds);
  }

  private static ManagedProcess startInfra(Path dir, Options o, Consumer<String> progress)
      throws IOException, InterruptedException {
    Path infraDir = dir.resolve("infra");
    Files.createDirectories(infraDir);
    Files.deleteIfExists(infraDir.resolve("infra.json"));
    List<String> args = new ArrayList<>(List.of("--dir", infraDir.toString()));
    args.addAll(List.of("--zk-port", String.valueOf(o.basePort() - 10)));
    args.addAll(List.of("--hdfs-port", String.valueOf(o.basePort() - 9)));
    args.addAll(List.of("--datanodes", String.valueOf(o.dataNodes())));
    if (o.externalZk().isPresent()) {
      args.add("--no-zk");
    }
    if (o.externalHdfs().isPresent()) {
      args.add("--no-hdfs");
    }
    progress.accept(
        "starting infrastructure (ZooKeeper + HDFS with " + o.dataNodes() + " DataNodes) ...");
    long t0 = System.nanoTime();
    ManagedProcess p =
        JavaProcesses.start(
            "org.dsuite.cluster.infra.InfraMain",
            List.of("-Xmx1g"),
            args,
            infraDir.resolve("console.log"));
    long deadline = System.nanoTime() + o.startTimeout().toNanos();
    while (!Files.exists(infraDir.resolve("infra.json"))) {
      if (!p.alive()) {
        throw new IllegalStateException(
            "infrastructure process exited; see " + infraDir.resolve("console.log"));
      }
      if (System.nanoTime() > deadline) {
        p.kill();
        throw new IllegalStateException("infrastructure did not start within " + o.startTimeout());
      }
      Thread.sleep(200);
    }
    progress.accept("infrastructure up (pid " + p.pid() + ") in " + ms(t0) + " ms");
    return p;
  }

  private static ManagedProcess startNode(ClusterFile.Node node, List<String> jvmFlags)
      throws IOException {
    Path nodeDir = Path.of(node.stateDir());
    List<String> flags = new ArrayList<>(jvmFlags);
    // The grep server's SIMD search (docs/grep.md "Speed"); without it, the SWAR fallback.
    flags.add("--add-modules=jdk.incubator.vector");
    flags.add("-Ddsuite.log.dir=" + nodeDir.resolve("logs"));
    flags.add("-Ddsuite.log.name=node");
    return JavaProcesses.start(
        "org.dsuite.cluster.node.NodeMain",
        flags,
        List.of("--config", node.config()),
        nodeDir.resolve("console.log"));
  }

  private static void writeProperties(Path file, Map<String, String> settings) throws IOException {
    Files.createDirectories(file.getParent());
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("# written by bin/cluster; see docs/config.md\n");
      for (Map.Entry<String, String> e : settings.entrySet()) {
        w.write(e.getKey() + " = " + e.getValue().replace("\\", "\\\\") + "\n");
      }
    }
  }

  /**
   * Waits until the node's admin endpoint answers {@code /health}, or fails with its console log.
   */
  public void awaitHealthy(ClusterFile.Node n, Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      ClusterFile.Node current = file.node(n.name()).orElse(n);
      if (current.process() == null || !current.process().alive()) {
        throw new IllegalStateException(
            "node "
                + n.name()
                + " exited during start-up; see "
                + Path.of(n.stateDir(), "console.log"));
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://" + n.address("admin") + "/health"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("node " + n.name() + " did not answer within " + timeout);
      }
      Thread.sleep(200);
    }
  }

  public ClusterFile file() {
    return file;
  }

  public Path dir() {
    return dir;
  }

  /** SIGKILL: the node gets no chance to leave or flush, as in a crash. */
  public void kill(String nodeName) {
    node(nodeName).process().kill();
  }

  /**
   * Starts a stopped or killed node again with the same config and JVM flags (a new swim ID, same
   * data dir), so a restarted node has the heap its peers have.
   */
  public void restart(String nodeName, Duration timeout) throws IOException, InterruptedException {
    ClusterFile.Node n = node(nodeName);
    if (n.process() != null && n.process().alive()) {
      n.process().stop(Duration.ofSeconds(10));
    }
    ManagedProcess p = startNode(n, restartFlags(n));
    ClusterFile.Node updated = n.withProcess(p);
    file = file.withNode(updated);
    file.write(dir);
    awaitHealthy(updated, timeout);
  }

  /**
   * The flags a node restarts with: those it was started with; for a node recorded before
   * cluster.json kept them, {@code bin/cluster}'s default heap.
   */
  static List<String> restartFlags(ClusterFile.Node n) {
    return n.jvmFlags().isEmpty() ? Options.defaults(1).nodeJvmFlags() : n.jvmFlags();
  }

  /**
   * Graceful stop of every node (SIGTERM, SIGKILL after a grace period), then the infrastructure.
   */
  public void stop(Consumer<String> progress) {
    for (ClusterFile.Node n : file.nodes()) {
      if (n.process() != null && n.process().alive()) {
        boolean graceful = n.process().stop(Duration.ofSeconds(15));
        progress.accept("stopped " + n.name() + (graceful ? "" : " (killed after 15 s)"));
      }
    }
    if (file.infra() != null && file.infra().alive()) {
      file.infra().stop(Duration.ofSeconds(30));
      progress.accept("stopped infrastructure");
    }
  }

  public ClusterFile.Node node(String name) {
    return file.node(name)
        .orElseThrow(() -> new IllegalArgumentException("no node named '" + name + "' in " + dir));
  }

  static boolean anyAlive(ClusterFile f) {
    if (f.infra() != null && f.infra().alive()) {
      return true;
    }
    return f.nodes().stream().anyMatch(n -> n.process() != null && n.process().alive());
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
