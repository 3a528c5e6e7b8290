package org.dsuite.spark.testkit;

import java.time.Duration;
import org.apache.spark.sql.SparkSession;
import org.dsuite.spark.config.SparkBaselineConfig;
import org.dsuite.spark.session.SparkConfs;

/**
 * One local[2] SparkSession with the baseline's settings for the whole test JVM: Spark's start-up
 * and first-job warm-up take several seconds, so test classes share it. Spark's own shutdown hook
 * stops it when the test JVM exits.
 */
public final class TestSpark {
  private TestSpark() {}

  /**
   * Test runs: 2 files per micro-batch, short DStream batches, a bounded-run cap of 5 minutes
   * (generous: the machine is shared).
   */
  public static SparkBaselineConfig config(SparkBaselineConfig.Api api) {
    SparkBaselineConfig d = SparkBaselineConfig.local();
    return new SparkBaselineConfig(
        api,
        SparkBaselineConfig.Mode.BOUNDED,
        "local[2]",
        2,
        null,
        2,
        Duration.ZERO,
        Duration.ofMillis(500),
        Duration.ofMinutes(5),
        d.uiEnabled());
  }

  private static SparkSession shared;

  /**
   * The shared session; inputs are generated just before use, so a 1 h DStream window covers them.
   */
  public static synchronized SparkSession shared() {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  private static SparkSession start() {
    return SparkSession.builder()
        .config(
            SparkConfs.build(
                config(SparkBaselineConfig.Api.STRUCTURED),
                "dsuite spark-baseline tests",
                true,
                Duration.ofHours(1)))
        .getOrCreate();
  }
}
