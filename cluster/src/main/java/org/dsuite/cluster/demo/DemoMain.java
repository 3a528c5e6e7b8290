package org.dsuite.cluster.demo;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dsuite.common.logging.LogFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/demo}: the suite end to end on the embedded default. Starts a local cluster (node
 * daemons + ZooKeeper + HDFS), generates the Traffic Signs dataset, loads it into HyDFS and HDFS,
 * greps every node's logs, kills two HyDFS replicas and checks the file survives, runs App1 and
 * App2 on the Spark baseline against an independent reference, prints a summary and stops
 * everything it started.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Runs the suite end to end on a local cluster and prints a summary.")
public final class DemoMain implements Callable<Integer> {
  @Option(
      names = "--nodes",
      defaultValue = "5",
      description = "Node daemons (default 5, at least 3).")
  int nodes;

  @Option(
      names = "--rows",
      defaultValue = "100000",
      description = "Traffic Signs rows (default 100000).")
  long rows;

  @Option(
      names = "--base-port",
      defaultValue = "7100",
      description = "First node port (default 7100).")
  int basePort;

  @Option(names = "--dir", description = "Working directory (default $DSUITE_HOME/state/demo).")
  Path dir;

  @Option(names = "--keep", description = "Leave the cluster running at the end.")
  boolean keep;

  @Option(names = "--skip-spark", description = "Do not run the Spark baseline.")
  boolean skipSpark;

  public static void main(String[] args) {
    CommandLine cl = new CommandLine(new DemoMain());
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("demo: " + e.getMessage());
          return 2;
        });
    System.exit(cl.execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (nodes < 3 || nodes > 20) {
      throw new IllegalArgumentException("--nodes must be between 3 and 20, got " + nodes);
    }
    if (rows < 1 || rows > 50_000_000) {
      throw new IllegalArgumentException("--rows must be between 1 and 50000000, got " + rows);
    }
    Path home = Path.of(System.getProperty("dsuite.home", "."));
    Path work = dir != null ? dir : home.resolve("state").resolve("demo");
    if (Files.exists(work.resolve("cluster").resolve("cluster.json"))) {
      // A previous demo that was interrupted: start clean (its processes are checked by PID).
      DemoCluster.stopLeftover(work.resolve("cluster"));
    }
    deleteTree(work);
    Files.createDirectories(work);
    LogFiles.directTo(work.resolve("logs"), "demo");
    Summary summary = new Summary();
    DemoSteps steps = new DemoSteps(home, work, nodes, rows, basePort, summary, System.out);
    boolean ok = false;
    try {
      ok = steps.runAll(!skipSpark);
    } finally {
      if (!keep) {
        steps.stopCluster();
      }
    }
    String table = summary.table();
    System.out.println();
    System.out.print(table);
    Files.writeString(
        work.resolve("summary.md"), "# dsuite demo\n\n" + table, StandardCharsets.UTF_8);
    System.out.println("\nsummary written to " + work.resolve("summary.md"));
    if (!steps.report.isEmpty()) {
      Path html = steps.report.write(home, work.resolve("report"), rows, nodes);
      System.out.println("RainStorm vs Spark report: " + html.toAbsolutePath());
    }
    if (keep) {
      System.out.println(
          "cluster left running: bin/cluster status --dir " + work.resolve("cluster"));
    }
    return ok ? 0 : 1;
  }

  static void deleteTree(Path p) throws java.io.IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var s = Files.walk(p)) {
      List<Path> all = new ArrayList<>(s.toList());
      java.util.Collections.reverse(all);
      for (Path x : all) {
        Files.deleteIfExists(x);
      }
    }
  }

  /** A print stream that discards everything (for quiet child output). */
  static PrintStream nowhere() {
    return new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
  }
}
