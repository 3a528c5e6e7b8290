package org.dsuite.spark.config;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dsuite.common.config.ConfigException;
import org.dsuite.common.config.Settings;

/**
 * How one Spark baseline run is executed: which Spark API, bounded or continuous, how many
 * partitions, where the checkpoint lives and the batching knobs. Keys live under {@code
 * spark-baseline.}; the CLI maps its flags onto them.
 *
 * @param api which Spark API runs the job
 * @param mode bounded stops once the input present at start is consumed; continuous runs until
 *     stopped
 * @param master the Spark master URL (ignored when spark-submit already set one)
 * @param partitions shuffle partitions and default parallelism; the fairness rule is "about the
 *     cores given", so it defaults to the core count of a {@code local[N]} master
 * @param checkpointDir checkpoint location (a Hadoop path or URI); null means {@code
 *     <dest>/_checkpoint}
 * @param maxFilesPerTrigger Structured Streaming: input files per micro-batch
 * @param triggerInterval Structured Streaming continuous mode: micro-batch interval (0 = back to
 *     back)
 * @param batchInterval DStreams: the fixed batch interval
 * @param runTimeout a bounded run that has not consumed its input by then fails
 * @param uiEnabled whether Spark's web UI runs
 * @param batchLog DStreams: a local file that gets one JSON line per completed batch (its time,
 *     completion time and input files), for observers that need per-file durability times; null =
 *     none
 */
public record SparkBaselineConfig(
    Api api,
    Mode mode,
    String master,
    int partitions,
    String checkpointDir,
    int maxFilesPerTrigger,
    Duration triggerInterval,
    Duration batchInterval,
    Duration runTimeout,
    boolean uiEnabled,
    String batchLog) {

  /** The two Spark streaming APIs; DStreams are deprecated since Spark 3.4 but still ship. */
  public enum Api {
    STRUCTURED,
    DSTREAM
  }

  /** Bounded runs are what tests and the benchmark use; continuous is a long-running service. */
  public enum Mode {
    BOUNDED,
    CONTINUOUS
  }

  public static final String SECTION = "spark-baseline";

  /** Without a batch log (what every run but an observed benchmark run uses). */
  public SparkBaselineConfig(
      Api api,
      Mode mode,
      String master,
      int partitions,
      String checkpointDir,
      int maxFilesPerTrigger,
      Duration triggerInterval,
      Duration batchInterval,
      Duration runTimeout,
      boolean uiEnabled) {
    this(
        api,
        mode,
        master,
        partitions,
        checkpointDir,
        maxFilesPerTrigger,
        triggerInterval,
        batchInterval,
        runTimeout,
        uiEnabled,
        null);
  }

  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\d+|\\*)(?:,\\d+)?])?");

  public SparkBaselineConfig {
    if (api == null || mode == null) {
      throw new ConfigException(SECTION + ".api", "api and mode are required");
    }
    if (master == null || master.isBlank()) {
      throw new ConfigException(SECTION + ".master", "must be a Spark master URL");
    }
    if (partitions < 1 || partitions > 10_000) {
      throw new ConfigException(
          SECTION + ".partitions", "must be between 1 and 10000, got " + partitions);
    }
    if (maxFilesPerTrigger < 1) {
      throw new ConfigException(SECTION + ".max-files-per-trigger", "must be at least 1");
    }
    if (triggerInterval.isNegative()) {
      throw new ConfigException(SECTION + ".trigger-interval-ms", "must not be negative");
    }
    if (batchInterval.toMillis() < 1) {
      throw new ConfigException(SECTION + ".batch-interval-ms", "must be at least 1 ms");
    }
    if (runTimeout.toMillis() < 1) {
      throw new ConfigException(SECTION + ".run-timeout-ms", "must be at least 1 ms");
    }
    if (batchLog != null && batchLog.isBlank()) {
      throw new ConfigException(SECTION + ".batch-log", "must not be empty");
    }
  }

  /**
   * The benchmark preset on {@code local[2]}: 2 partitions for 2 cores (with Spark's default of 200
   * a count-by-key micro-batch took ~11.5 s instead of ~0.4 s here), 10 files per trigger (the
   * batch size TOOLCHAIN.md measured), back-to-back micro-batches (the lowest latency a file source
   * offers), 1 s DStream batches (the usual low end for DStreams), a one-hour cap on a bounded run,
   * no web UI (it only adds start-up time and a port).
   */
  public static SparkBaselineConfig local() {
    return new SparkBaselineConfig(
        Api.STRUCTURED,
        Mode.BOUNDED,
        "local[2]",
        2,
        null,
        10,
        Duration.ZERO,
        Duration.ofSeconds(1),
        Duration.ofHours(1),
        false);
  }

  /** Reads {@code spark-baseline.*}; unset keys take the {@link #local()} values. */
  public static SparkBaselineConfig from(Settings root) {
    Settings s = root.section(SECTION);
    SparkBaselineConfig d = local();
    Api api = Api.valueOf(upper(s.oneOf("api", "structured", Set.of("structured", "dstream"))));
    Mode mode = Mode.valueOf(upper(s.oneOf("mode", "bounded", Set.of("bounded", "continuous"))));
    String master = s.nonEmpty("master", d.master());
    int partitions = s.intIn("partitions", coresOf(master, d.partitions()), 1, 10_000);
    String checkpoint = s.string("checkpoint", null);
    if (checkpoint != null && checkpoint.isBlank()) {
      throw new ConfigException(SECTION + ".checkpoint", "must not be empty");
    }
    return new SparkBaselineConfig(
        api,
        mode,
        master,
        partitions,
        checkpoint,
        s.intIn("max-files-per-trigger", d.maxFilesPerTrigger(), 1, 1_000_000),
        s.millis("trigger-interval-ms", d.triggerInterval(), Duration.ZERO, Duration.ofHours(1)),
        s.millis("batch-interval-ms", d.batchInterval(), Duration.ofMillis(1), Duration.ofHours(1)),
        s.millis("run-timeout-ms", d.runTimeout(), Duration.ofSeconds(1), Duration.ofDays(7)),
        s.bool("ui-enabled", d.uiEnabled()),
        s.string("batch-log", null));
  }

  /**
   * The core count a master URL gives, or {@code fallback} for cluster masters (where the
   * executors' cores are not visible from here and {@code --partitions} should be set).
   */
  public static int coresOf(String master, int fallback) {
    Matcher m = LOCAL.matcher(master.strip());
    if (!m.matches()) {
      return fallback;
    }
    if (m.group(1) == null) {
      return 1;
    }
    if (m.group(1).equals("*")) {
      return Runtime.getRuntime().availableProcessors();
    }
    return Math.max(1, Integer.parseInt(m.group(1)));
  }

  /** The checkpoint directory for a destination: the configured one or {@code dest/_checkpoint}. */
  public String checkpointFor(String dest) {
    if (checkpointDir != null) {
      return checkpointDir;
    }
    return dest.endsWith("/") ? dest + "_checkpoint" : dest + "/_checkpoint";
  }

  private static String upper(String s) {
    return s.toUpperCase(java.util.Locale.ROOT);
  }
}
