package org.dsuite.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dsuite.common.config.ConfigException;
import org.dsuite.common.config.Settings;
import org.dsuite.common.logging.LogFiles;
import org.dsuite.spark.config.SparkBaselineConfig;
import org.dsuite.spark.io.ClusterPaths;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spark-baseline APP --src PATH --dest PATH [...]}: runs one of RainStorm's apps on Spark.
 * The same class is the main class of the spark-submit jar and of {@code bin/spark-baseline} (which
 * goes through Spark's own submit entry point). {@code spark-baseline counts --dest PATH} prints
 * the current counts of a running-count app's output.
 *
 * <p>Exit codes: 0 done, 2 bad input or a failed run.
 */
@Command(
    name = "spark-baseline",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs a RainStorm app on Spark (Structured Streaming or DStreams) with exactly-once"
          + " settings and prints start-up and steady-state figures.",
      "  spark-baseline counts --dest PATH   prints the current counts of a counting app's output.",
      "  spark-baseline rows --dest PATH     prints the committed rows of a stateless app's output."
    })
public final class SparkBaselineMain implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "APP",
      description = "traffic-app1, traffic-app2, web-app1 or web-app2")
  String app;

  @Option(
      names = "--src",
      required = true,
      description = "input file or directory (hdfs:// or local)")
  String src;

  @Option(names = "--dest", required = true, description = "output directory (hdfs:// or local)")
  String dest;

  @Option(
      names = "--master",
      description = "Spark master (default local[2]; spark-submit's wins if omitted)")
  String master;

  @Option(names = "--api", description = "structured (default) or dstream")
  String api;

  @Option(
      names = "--mode",
      description = "bounded (default: stop when the input is consumed) or continuous")
  String mode;

  @Option(names = "--param", paramLabel = "KEY=VALUE", description = "app parameter, repeatable")
  List<String> params = new ArrayList<>();

  @Option(names = "--checkpoint", description = "checkpoint directory (default DEST/_checkpoint)")
  String checkpoint;

  @Option(
      names = "--hdfs",
      paramLabel = "hdfs://HOST:PORT",
      description =
          "HDFS that hdfs:///PATH (no NameNode) refers to (default: the local cluster's, from its"
              + " cluster.json)")
  String hdfs;

  @Option(
      names = "--partitions",
      description = "shuffle partitions / parallelism (default: cores of a local master)")
  Integer partitions;

  @Option(
      names = "--max-files-per-trigger",
      description = "Structured Streaming: files per micro-batch (default 10)")
  Integer maxFilesPerTrigger;

  @Option(
      names = "--metrics-json",
      description = "also write the timing figures as JSON to this local file")
  Path metricsJson;

  @Option(
      names = "--batch-log",
      description =
          "DStreams: append one JSON line per completed batch (time, completion, input files) to"
              + " this local file")
  Path batchLog;

  @Option(names = "--config", description = "properties file with spark-baseline.* keys")
  Path configFile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "any spark-baseline.* key, repeatable")
  List<String> sets = new ArrayList<>();

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code (for tests and embedding). */
  public static int run(String... args) {
    if (System.getProperty(LogFiles.DIR_PROPERTY) == null) {
      LogFiles.directTo(Path.of("state", "logs"), "spark-baseline");
    }
    if (args.length > 0 && args[0].equals("counts")) {
      return commandLine(new CountsCommand()).execute(tail(args));
    }
    if (args.length > 0 && args[0].equals("rows")) {
      return commandLine(new RowsCommand()).execute(tail(args));
    }
    return commandLine(new SparkBaselineMain()).execute(args);
  }

  private static String[] tail(String[] args) {
    String[] rest = new String[args.length - 1];
    System.arraycopy(args, 1, rest, 0, rest.length);
    return rest;
  }

  static CommandLine commandLine(Object command) {
    CommandLine cl = new CommandLine(command);
    cl.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          line.getErr().println("spark-baseline: " + describe(e));
          return 2;
        });
    return cl;
  }

  static String describe(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return e instanceof ConfigException || e instanceof IllegalArgumentException
        ? message
        : e.getClass().getSimpleName() + ": " + message;
  }

  @Override
  public Integer call() throws Exception {
    Optional<String> clusterHdfs = ClusterPaths.clusterHdfs(hdfs);
    src = ClusterPaths.resolve(src, clusterHdfs);
    dest = ClusterPaths.resolve(dest, clusterHdfs);
    checkpoint = ClusterPaths.resolve(checkpoint, clusterHdfs);
    Settings settings = settings();
    SparkBaselineConfig config = SparkBaselineConfig.from(settings);
    settings.checkNoUnknownKeys();
    BaselineRun run = BaselineRun.prepare(app, params, src, dest, config, master != null);
    String report = run.execute();
    System.out.print(report);
    if (metricsJson != null) {
      Files.writeString(metricsJson, run.report().toJson() + System.lineSeparator());
    }
    return 0;
  }

  /** Defaults < config file < DSUITE_* environment < --set < the dedicated flags. */
  private Settings settings() {
    Settings.Builder b = Settings.fromCommandLine(configFile, sets);
    String p = SparkBaselineConfig.SECTION + ".";
    setIf(b, p + "master", master);
    setIf(b, p + "api", api);
    setIf(b, p + "mode", mode);
    setIf(b, p + "checkpoint", checkpoint);
    setIf(b, p + "partitions", partitions);
    setIf(b, p + "max-files-per-trigger", maxFilesPerTrigger);
    setIf(b, p + "batch-log", batchLog);
    return b.build();
  }

  private static void setIf(Settings.Builder b, String key, Object value) {
    if (value != null) {
      b.set(key, value.toString());
    }
  }
}
