package org.dsuite.cluster.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dsuite.cluster.node.NodeConfig;
import org.dsuite.cluster.node.ServiceFactories;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/cluster start | status | stop | kill NODE | restart NODE | logs NODE}. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    subcommands = {
      ClusterMain.Start.class,
      ClusterMain.Status.class,
      ClusterMain.Stop.class,
      ClusterMain.Kill.class,
      ClusterMain.Restart.class,
      ClusterMain.Logs.class
    },
    description = "A local cluster: N node daemons on 127.0.0.1 plus embedded ZooKeeper and HDFS.")
public final class ClusterMain {
  @Option(
      names = "--dir",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Cluster state directory (default: $DSUITE_HOME/state/cluster).")
  Path dir;

  public static void main(String[] args) {
    CommandLine cl = new CommandLine(new ClusterMain());
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("cluster: " + e.getMessage());
          return 2;
        });
    System.exit(cl.execute(args));
  }

  Path dir() {
    if (dir != null) {
      return dir;
    }
    String home = System.getProperty("dsuite.home", ".");
    return Path.of(home, "state", "cluster");
  }

  static LocalCluster attached(ClusterMain parent) throws Exception {
    return LocalCluster.attach(parent.dir())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no cluster under " + parent.dir() + " (bin/cluster start)"));
  }

  @Command(name = "start", description = "Start the cluster and wait until every node answers.")
  static final class Start implements Callable<Integer> {
    @CommandLine.ParentCommand ClusterMain parent;

    @Option(
        names = "--nodes",
        defaultValue = "5",
        description = "Number of node daemons (default 5).")
    int nodes;

    @Option(
        names = "--base-port",
        defaultValue = "7100",
        description =
            "First node port; ZooKeeper and HDFS take the ten ports below (default 7100).")
    int basePort;

    @Option(
        names = "--datanodes",
        defaultValue = "3",
        description = "Embedded HDFS DataNodes (default 3).")
    int dataNodes;

    @Option(
        names = "--hdfs",
        description = "Use this HDFS (hdfs://host:port) instead of an embedded one.")
    String hdfs;

    @Option(
        names = "--zk",
        description = "Use this ZooKeeper (host:port,...) instead of an embedded one.")
    String zk;

    @Option(
        names = "--no-infra",
        description = "Start no embedded ZooKeeper/HDFS (enough for swim, grep and dfs).")
    boolean noInfra;

    @Option(
        names = "--services",
        split = ",",
        description = "Services each node runs (default: all this build has).")
    List<String> services;

    @Option(
        names = "--node-heap",
        defaultValue = "512m",
        description = "Heap of each node JVM (default 512m).")
    String nodeHeap;

    @Override
    public Integer call() throws Exception {
      if (hdfs != null && !hdfs.startsWith("hdfs://")) {
        throw new IllegalArgumentException("--hdfs must be an hdfs:// URI, got '" + hdfs + "'");
      }
      List<String> svc =
          services != null
              ? services
              : NodeConfig.KNOWN_SERVICES.stream()
                  .filter(ServiceFactories.available()::contains)
                  .toList();
      LocalCluster.Options o =
          new LocalCluster.Options(
              !noInfra,
              nodes,
              basePort,
              dataNodes,
              svc,
              Optional.ofNullable(hdfs),
              Optional.ofNullable(zk),
              List.of("-Xmx" + nodeHeap),
              Duration.ofMinutes(2));
      long t0 = System.nanoTime();
      LocalCluster c = LocalCluster.start(parent.dir(), o, System.out::println);
      System.out.printf(
          "cluster up: %d nodes running %s, ZooKeeper %s, HDFS %s (%.1f s); state in %s%n",
          nodes, svc, c.file().zk(), c.file().hdfs(), (System.nanoTime() - t0) / 1e9, c.dir());
      return 0;
    }
  }

  @Command(name = "status", description = "Show every process and what its admin endpoint reports.")
  static final class Status implements Callable<Integer> {
    @CommandLine.ParentCommand ClusterMain parent;

    @Option(names = "--json", description = "Print each node's /status JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      LocalCluster c = attached(parent);
      ClusterFile f = c.file();
      System.out.printf("cluster %s  ZooKeeper %s  HDFS %s%n", c.dir(), f.zk(), f.hdfs());
      if (f.infra() != null) {
        System.out.printf(
            "  %-8s pid %-8d %s%n", "infra", f.infra().pid(), f.infra().alive() ? "up" : "DOWN");
      }
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
      int down = 0;
      for (ClusterFile.Node n : f.nodes()) {
        boolean alive = n.process() != null && n.process().alive();
        String detail = "";
        if (alive) {
          try {
            HttpResponse<String> r =
                http.send(
                    HttpRequest.newBuilder(URI.create("http://" + n.address("admin") + "/status"))
                        .timeout(Duration.ofSeconds(2))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
            detail =
                json
                    ? "\n" + r.body()
                    : "services "
                        + new ObjectMapper().readTree(r.body()).get("services").fieldNames().next();
          } catch (Exception e) {
            detail = "admin endpoint not answering";
          }
        } else {
          down++;
        }
        System.out.printf(
            "  %-8s pid %-8s %-4s %s %s%n",
            n.name(),
            n.process() == null ? "-" : n.process().pid(),
            alive ? "up" : "DOWN",
            n.ports(),
            detail);
      }
      return down == 0 ? 0 : 1;
    }
  }

  @Command(
      name = "stop",
      description = "Stop every node (SIGTERM, then SIGKILL) and the infrastructure.")
  static final class Stop implements Callable<Integer> {
    @CommandLine.ParentCommand ClusterMain parent;

    @Override
    public Integer call() throws Exception {
      attached(parent).stop(System.out::println);
      System.out.println("cluster stopped");
      return 0;
    }
  }

  @Command(name = "kill", description = "SIGKILL one node, as in a crash.")
  static final class Kill implements Callable<Integer> {
    @CommandLine.ParentCommand ClusterMain parent;

    @Parameters(paramLabel = "NODE")
    String node;

    @Override
    public Integer call() throws Exception {
      LocalCluster c = attached(parent);
      long pid = c.node(node).process().pid();
      c.kill(node);
      System.out.println("killed " + node + " (pid " + pid + ")");
      return 0;
    }
  }

  @Command(name = "restart", description = "Start a stopped or killed node again with its config.")
  static final class Restart implements Callable<Integer> {
    @CommandLine.ParentCommand ClusterMain parent;

    @Parameters(paramLabel = "NODE")
    String node;

    @Override
    public Integer call() throws Exception {
      LocalCluster c = attached(parent);
      c.restart(node, Duration.ofMinutes(2));
      System.out.println("restarted " + node + " (pid " + c.node(node).process().pid() + ")");
      return 0;
    }
  }

  @Command(name = "logs", description = "Print the tail of a node's log (and console) files.")
  static final class Logs implements Callable<Integer> {
    @CommandLine.ParentCommand ClusterMain parent;

    @Parameters(paramLabel = "NODE", description = "A node name, or 'infra'.")
    String node;

    @Option(
        names = {"-n", "--lines"},
        defaultValue = "50")
    int lines;

    @Override
    public Integer call() throws Exception {
      LocalCluster c = attached(parent);
      Path base =
          node.equals("infra") ? c.dir().resolve("infra") : Path.of(c.node(node).stateDir());
      List<Path> files = new ArrayList<>(List.of(base.resolve("console.log")));
      Path logs = base.resolve("logs");
      if (Files.isDirectory(logs)) {
        try (var s = Files.list(logs)) {
          s.filter(p -> p.toString().endsWith(".log")).sorted().forEach(files::add);
        }
      }
      for (Path f : files) {
        if (Files.exists(f)) {
          System.out.println("==> " + f + " <==");
          List<String> all = Files.readAllLines(f);
          all.subList(Math.max(0, all.size() - lines), all.size()).forEach(System.out::println);
        }
      }
      return 0;
    }
  }
}
