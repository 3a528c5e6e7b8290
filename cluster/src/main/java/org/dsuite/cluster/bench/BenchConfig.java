package org.dsuite.cluster.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.dsuite.common.config.ConfigException;
import org.dsuite.common.config.Settings;

/**
 * Settings of one head-to-head benchmark ({@code bench.*} keys; every flag of {@code bin/bench}
 * maps to one). Defaults are the quick matrix; the comments say why each is what it is.
 *
 * @param sizes input rows per dataset, e.g. 100K and 1M
 * @param reps repetitions of each measurement (medians are reported)
 * @param datasets {@code traffic} and/or {@code web}
 * @param apps {@code app1} (filter + select) and/or {@code app2} (filter + count-by)
 * @param engines {@code rainstorm}, {@code spark-structured}, {@code spark-dstream}
 * @param modes which kinds of run: {@code full-speed}, {@code rate} (open-loop latency runs),
 *     {@code failure}
 * @param inputRateRps open-loop rate of the latency runs; 0 = half of RainStorm's measured
 *     throughput for that app in this run (10,000 rows/s if none was measured)
 * @param latencyRunMs how long each latency run feeds input
 * @param latencyFileMs one input file per this many ms in a Spark latency run
 * @param heapMb Spark's driver (= executor in local mode) heap; RainStorm's workers share the same
 *     total
 * @param submitHeapMb heap of the {@code rainstorm submit} client (it holds no data: it submits,
 *     polls ZooKeeper and writes the report)
 * @param tasks RainStorm tasks per stage = Spark partitions = cores
 * @param nodes RainStorm worker nodes (at least 3, so {@code --failure} leaves one)
 * @param rowsPerFile the Spark copy of each input is split into files of this many rows
 * @param failure also run the failure variant (two RainStorm workers killed; Spark's query killed
 *     and restarted from its checkpoint)
 * @param failureAtMs how long after the job began processing the failure variant kills, at most
 *     (sooner when 30 % of that engine's median full-speed processing time in the bench is shorter)
 * @param runTimeoutMs a run that takes longer is stopped (its job killed) and reported as TIMEOUT;
 *     the sweep goes on
 * @param warmupRows rows of the untimed RainStorm warm-up job run once per app before the first
 *     measured run (0 = none)
 * @param keepOutputs keep every run's output and checkpoint on HDFS (default: deleted once the
 *     output has been checked, so a 10 M-row sweep does not fill the disk)
 * @param keepData keep the generated inputs under {@code out-dir/data} for the next bench (they are
 *     generated once per dataset and size and reused)
 * @param sampleIntervalMs CPU / memory sampling interval
 * @param outDir where data, logs and the report go
 * @param clusterDir a running local cluster to use instead of starting one
 * @param basePort first node port of the cluster the bench starts
 */
public record BenchConfig(
    List<Long> sizes,
    int reps,
    List<String> datasets,
    List<String> apps,
    List<String> engines,
    List<String> modes,
    double inputRateRps,
    long latencyRunMs,
    long latencyFileMs,
    int heapMb,
    int submitHeapMb,
    int tasks,
    int nodes,
    long rowsPerFile,
    boolean failure,
    long failureAtMs,
    long runTimeoutMs,
    long warmupRows,
    boolean keepOutputs,
    boolean keepData,
    long sampleIntervalMs,
    Path outDir,
    Optional<Path> clusterDir,
    int basePort) {

  public static final Set<String> DATASETS = Set.of("traffic", "web");
  public static final Set<String> APPS = Set.of("app1", "app2");
  public static final Set<String> ENGINES =
      Set.of("rainstorm", "spark-structured", "spark-dstream");
  public static final Set<String> MODES = Set.of("full-speed", "rate", "failure");

  public BenchConfig {
    sizes = List.copyOf(sizes);
    datasets = List.copyOf(datasets);
    apps = List.copyOf(apps);
    engines = List.copyOf(engines);
    modes = List.copyOf(modes);
    if (sizes.isEmpty() || sizes.stream().anyMatch(s -> s < 1 || s > 1_000_000_000L)) {
      throw new ConfigException("bench.sizes", "each size must be 1..1G rows, got " + sizes);
    }
    requireIn("bench.reps", reps, 1, 100);
    requireSubset("bench.datasets", datasets, DATASETS);
    requireSubset("bench.apps", apps, APPS);
    requireSubset("bench.engines", engines, ENGINES);
    requireSubset("bench.modes", modes, MODES);
    if (!(inputRateRps >= 0 && inputRateRps <= 1e8)) {
      throw new ConfigException("bench.input-rate", "must be 0..1e8 rows/s, got " + inputRateRps);
    }
    requireIn("bench.latency-run-ms", latencyRunMs, 0, 3_600_000);
    requireIn("bench.latency-file-ms", latencyFileMs, 10, 60_000);
    requireIn("bench.heap-mb", heapMb, 256, 65_536);
    requireIn("bench.submit-heap-mb", submitHeapMb, 64, 65_536);
    requireIn("bench.tasks", tasks, 1, 64);
    requireIn("bench.nodes", nodes, 3, 20);
    requireIn("bench.rows-per-file", rowsPerFile, 100, 100_000_000);
    requireIn("bench.failure-at-ms", failureAtMs, 0, 600_000);
    requireIn("bench.run-timeout-ms", runTimeoutMs, 10_000, 24 * 3_600_000L);
    requireIn("bench.rainstorm-warmup-rows", warmupRows, 0, 10_000_000);
    requireIn("bench.sample-interval-ms", sampleIntervalMs, 10, 10_000);
    requireIn("bench.base-port", basePort, 1034, 65_000);
  }

  /** Reads {@code bench.*} keys. */
  public static BenchConfig from(Settings s, Path home) {
    return new BenchConfig(
        s.list("bench.sizes", List.of("100K", "1M")).stream()
            .map(v -> parseRows("bench.sizes", v))
            .toList(),
        // Three: the smallest count with a meaningful median on a noisy shared machine.
        s.intIn("bench.reps", 3, 1, 100),
        s.list("bench.datasets", List.of("traffic", "web")),
        s.list("bench.apps", List.of("app1", "app2")),
        s.list("bench.engines", List.of("rainstorm", "spark-structured", "spark-dstream")),
        modes(s),
        s.doubleIn("bench.input-rate", 0, 0, 1e8),
        // 20 s: long enough for ~100 trigger cycles of Spark, short enough for 3 reps x 4 apps.
        s.longIn("bench.latency-run-ms", 20_000, 0, 3_600_000),
        // 200 ms: a file is the unit of arrival for Spark's file source; smaller files would
        // measure file listing more than processing.
        s.longIn("bench.latency-file-ms", 200, 10, 60_000),
        // 1 GiB: what TOOLCHAIN.md's Spark figures used, and 3 workers x 341 MiB is what the
        // engine's own benchmark ran with (320 MiB).
        s.intIn("bench.heap-mb", 1024, 256, 65_536),
        // 256 MiB: the client keeps a few histograms and samples; an unset heap would be a quarter
        // of the machine's memory and make RainStorm's peak RSS depend on the machine.
        s.intIn("bench.submit-heap-mb", 256, 64, 65_536),
        // The machine's 2 cores (TOOLCHAIN fairness rule: partitions = cores).
        s.intIn("bench.tasks", 2, 1, 64),
        s.intIn("bench.nodes", 3, 3, 20),
        // 10 K rows per file: 100 files for 1 M rows, 10 per Structured Streaming trigger, as in
        // spark-baseline.md's figures.
        s.longIn("bench.rows-per-file", 10_000, 100, 100_000_000),
        s.bool("bench.failure", false) || s.list("bench.modes", List.of()).contains("failure"),
        s.longIn("bench.failure-at-ms", 3_000, 0, 600_000),
        // 15 min: a 1 M-row run took at most ~3 min at load 30; 10 M rows may need
        // --set bench.run-timeout-ms=3600000 on a busy machine.
        s.longIn("bench.run-timeout-ms", 900_000, 10_000, 24 * 3_600_000L),
        // 200 K rows per app: a few seconds, enough for the workers' JIT to compile the data path
        // before the first measured job. Every Spark run is a fresh JVM whose warm-up its figures
        // exclude (the first batch, a warm-up file); RainStorm's workers outlive a job, so without
        // this only its first measured job would carry the JIT warm-up.
        s.longIn("bench.rainstorm-warmup-rows", 200_000, 0, 10_000_000),
        s.bool("bench.keep-outputs", false),
        s.bool("bench.keep-data", true),
        s.longIn("bench.sample-interval-ms", 100, 10, 10_000),
        s.path("bench.out-dir", home.resolve("state").resolve("bench")),
        Optional.ofNullable(
            s.isSet("bench.cluster-dir") ? s.path("bench.cluster-dir", null) : null),
        s.intIn("bench.base-port", 7300, 1034, 65_000));
  }

  /** {@code bench.modes}; {@code bench.failure=true} (the {@code --failure} flag) adds failure. */
  private static List<String> modes(Settings s) {
    List<String> m = new ArrayList<>(s.list("bench.modes", List.of("full-speed", "rate")));
    if (s.bool("bench.failure", false) && !m.contains("failure")) {
      m.add("failure");
    }
    return m;
  }

  /** {@code 100K}, {@code 1M}, {@code 2500}: rows. */
  static long parseRows(String key, String v) {
    String t = v.strip().toUpperCase(Locale.ROOT);
    long mult = 1;
    if (t.endsWith("K")) {
      mult = 1_000;
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("M")) {
      mult = 1_000_000;
      t = t.substring(0, t.length() - 1);
    }
    try {
      return Math.multiplyExact(Long.parseLong(t), mult);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new ConfigException(key, "'" + v + "' is not a row count like 100K, 1M or 2500");
    }
  }

  /** The settings as they go into the report. */
  public Map<String, String> describe() {
    Map<String, String> m = new TreeMap<>();
    m.put("sizes", sizes.toString());
    m.put("reps", Integer.toString(reps));
    m.put("datasets", datasets.toString());
    m.put("apps", apps.toString());
    m.put("engines", engines.toString());
    m.put("modes", modes.toString());
    m.put(
        "input_rate_rps",
        inputRateRps == 0 ? "auto (half RainStorm's)" : Double.toString(inputRateRps));
    m.put("latency_run_ms", Long.toString(latencyRunMs));
    m.put("latency_file_ms", Long.toString(latencyFileMs));
    m.put(
        "heap_mb",
        heapMb + " (Spark -Xmx; RainStorm " + nodes + " workers x " + workerHeapMb() + ")");
    m.put("submit_heap_mb", Integer.toString(submitHeapMb));
    m.put("tasks_per_stage_and_partitions", Integer.toString(tasks));
    m.put("nodes", Integer.toString(nodes));
    m.put("rows_per_spark_file", Long.toString(rowsPerFile));
    m.put("failure", Boolean.toString(failure));
    m.put("failure_at_ms", Long.toString(failureAtMs));
    m.put("run_timeout_ms", Long.toString(runTimeoutMs));
    m.put("rainstorm_warmup_rows", Long.toString(warmupRows));
    m.put("keep_outputs", Boolean.toString(keepOutputs));
    return m;
  }

  /**
   * Each RainStorm worker's heap: Spark's heap split evenly, so both engines get the same total.
   */
  public int workerHeapMb() {
    return heapMb / nodes;
  }

  private static void requireIn(String key, long v, long min, long max) {
    if (v < min || v > max) {
      throw new ConfigException(key, "must be " + min + ".." + max + ", got " + v);
    }
  }

  private static void requireSubset(String key, List<String> v, Set<String> allowed) {
    List<String> bad = new ArrayList<>(v);
    bad.removeAll(allowed);
    if (v.isEmpty() || !bad.isEmpty()) {
      throw new ConfigException(key, "must be a non-empty list of " + allowed + ", got " + v);
    }
  }
}
