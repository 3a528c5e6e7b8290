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
    // The HDFS client's close retry as RainStorm's workers set it: closing a file waits until the
    // NameNode has the last block's report, and Hadoop's first retry comes after 400 ms, which
    // RainStorm's task logs no longer pay (rainstorm.hdfs-close-retry-delay-ms). Spark closes
    // files per micro-batch (offset and commit logs, sink metadata). A --conf value wins.
    conf.setIfMissing(HDFS_CLOSE_DELAY, Long.toString(HDFS_CLOSE_DELAY_MS));
    conf.setIfMissing(HDFS_CLOSE_RETRIES, Integer.toString(HDFS_CLOSE_RETRIES_COUNT));
    return conf;
  }

  static final String HDFS_CLOSE_DELAY =
      "spark.hadoop.dfs.client.block.write.locateFollowingBlock.initial.delay.ms";
  static final String HDFS_CLOSE_RETRIES =
      "spark.hadoop.dfs.client.block.write.locateFollowingBlock.retries";

  /** RainStorm's default first close retry delay. */
  static final long HDFS_CLOSE_DELAY_MS = 20;

  /** 20 ms doubled 10 times: 20.5 s of patience, at least Hadoop's 400 ms x 5 (12.4 s). */
  static final int HDFS_CLOSE_RETRIES_COUNT = 10;

  /**
   * DStreams' file source only picks files modified within its remember window (60 s by default)
   * before each batch. The window is fixed when the SparkConf is built, before the session starts,
   * so it must cover the oldest input file plus Spark's start-up, which took over a minute on a
   * loaded machine (a window of age + 1 min then missed every file present at start, and a file fed
   * while Spark started): age plus {@link #START_UP_SLACK}. A wide window only makes the source
   * remember more file names.
   */
  public static Duration dstreamRememberFor(long oldestInputModifiedMs, long nowMs) {
    if (oldestInputModifiedMs <= 0) {
      return START_UP_SLACK; // no input yet: files may arrive while Spark starts
    }
    Duration age = Duration.ofMillis(Math.max(0, nowMs - oldestInputModifiedMs));
    return age.plus(START_UP_SLACK);
  }

  /** Start-up time a DStream window allows for: far above the 67 s seen at a load of 30. */
  static final Duration START_UP_SLACK = Duration.ofMinutes(30);
}
