package org.dsuite.spark.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.spark.SparkConf;
import org.dsuite.spark.config.SparkBaselineConfig;
import org.junit.jupiter.api.Test;

class SparkConfsTest {
  @Test
  void partitionsFollowTheCoresGiven() {
    SparkConf conf =
        SparkConfs.build(SparkBaselineConfig.local(), "t", true, Duration.ofMinutes(1));
    assertThat(conf.get("spark.master")).isEqualTo("local[2]");
    assertThat(conf.get("spark.sql.shuffle.partitions")).isEqualTo("2");
    assertThat(conf.get("spark.default.parallelism")).isEqualTo("2");
  }

  @Test
  void hdfsCloseRetryMatchesRainstormsUnlessSetOnTheCommandLine() {
    SparkConf conf =
        SparkConfs.build(SparkBaselineConfig.local(), "t", true, Duration.ofMinutes(1));
    assertThat(conf.get(SparkConfs.HDFS_CLOSE_DELAY)).isEqualTo("20");
    assertThat(conf.get(SparkConfs.HDFS_CLOSE_RETRIES)).isEqualTo("10");
    System.setProperty(SparkConfs.HDFS_CLOSE_DELAY, "400"); // as spark-submit --conf sets it
    try {
      assertThat(
              SparkConfs.build(SparkBaselineConfig.local(), "t", true, Duration.ofMinutes(1))
                  .get(SparkConfs.HDFS_CLOSE_DELAY))
          .isEqualTo("400");
    } finally {
      System.clearProperty(SparkConfs.HDFS_CLOSE_DELAY);
    }
  }

  @Test
  void dstreamWindowCoversTheOldestInput() {
    long now = 10_000_000;
    // The oldest file's age plus 30 minutes for Spark's start-up on a loaded machine.
    assertThat(SparkConfs.dstreamRememberFor(now - 3_600_000, now))
        .isEqualTo(Duration.ofMinutes(90));
    assertThat(SparkConfs.dstreamRememberFor(now, now)).isEqualTo(Duration.ofMinutes(30));
    // No input yet: files fed while Spark starts must still be picked up.
    assertThat(SparkConfs.dstreamRememberFor(0, now)).isEqualTo(Duration.ofMinutes(30));
  }
}
