package org.dsuite.spark.session;

import java.time.Duration;
import org.apache.spark.SparkConf;
import org.dsuite.spark.config.SparkBaselineConfig;

/**
 * The Spark settings every baseline run uses, one place for the fairness rules of
 * shared/TOOLCHAIN.md: partitions about the cores given, exactly-once friendly streaming settings,
 * nothing that gives Spark an advantage RainStorm does not have or the reverse.
 */
public final class SparkConfs {
  private SparkConfs() {}

  /**
   * A SparkConf for {@code appName}. A master already set by spark-submit ({@code spark.master}
   * system property) wins unless {@code explicitMaster} is true.
   *
   * @param dstreamRemember how far back a DStream file source looks for files present at start (see
   *     {@link #dstreamRememberFor})
   */
  public static SparkConf build(
      SparkBaselineConfig config,
      String appName,
      boolean explicitMaster,
      Duration dstreamRemember) {
    SparkConf conf = new SparkConf(true).setAppName(appName);
    if (explicitMaster || !conf.contains("spark.master")) {
      conf.setMaster(config.master());
    }
    String partitions = Integer.toString(config.partitions());
    // Partitions about the cores given: the default of 200 makes a count-by-key micro-batch ~30x
    // slower on 2 cores for no benefit.
    conf.set("spark.sql.shuffle.partitions", partitions);
    conf.set("spark.default.parallelism", partitions);
    // DStreams: finish the batches in flight on SIGTERM, so a stop is a clean checkpoint.
    conf.set("spark.streaming.stopGracefullyOnShutdown", "true");
    conf.set("spark.streaming.fileStream.minRememberDuration", dstreamRemember.toSeconds() + "s");
    conf.set("spark.ui.enabled", Boolean.toString(config.uiEnabled()));
    // Kryo for shuffled records: what a tuned production job uses.
    conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    return conf;
  }

  /**
   * DStreams' file source only picks files modified within its remember window (60 s by default)
   * before the first batch; a bounded run over input written earlier widens the window to cover the
   * oldest input file, plus a minute of slack.
   */
  public static Duration dstreamRememberFor(long oldestInputModifiedMs, long nowMs) {
    if (oldestInputModifiedMs <= 0) {
      return Duration.ofMinutes(1); // no input yet: Spark's default window
    }
    Duration age = Duration.ofMillis(Math.max(0, nowMs - oldestInputModifiedMs));
    Duration window = age.plusMinutes(1);
    return window.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : window;
  }
}
