package org.dsuite.spark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dsuite.common.config.ConfigException;
import org.dsuite.common.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SparkBaselineConfigTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "local, 1",
    "local[2], 2",
    "local[8], 8",
    "'local[3,2]', 3",
    "spark://h:7077, 5",
    "yarn, 5"
  })
  void coresOfAMasterUrl(String master, int cores) {
    assertThat(SparkBaselineConfig.coresOf(master, 5)).isEqualTo(cores);
  }

  @Test
  void partitionsFollowTheMasterUnlessSet() {
    Settings s = Settings.builder().set("spark-baseline.master", "local[4]").build();
    assertThat(SparkBaselineConfig.from(s).partitions()).isEqualTo(4);
    Settings both =
        Settings.builder()
            .set("spark-baseline.master", "local[4]")
            .set("spark-baseline.partitions", "3")
            .build();
    assertThat(SparkBaselineConfig.from(both).partitions()).isEqualTo(3);
  }

  @Test
  void checkpointDefaultsToADirectoryInsideTheDestination() {
    SparkBaselineConfig c = SparkBaselineConfig.from(Settings.builder().build());
    assertThat(c.checkpointFor("hdfs://nn:8020/out")).isEqualTo("hdfs://nn:8020/out/_checkpoint");
    Settings s = Settings.builder().set("spark-baseline.checkpoint", "hdfs://nn/cp").build();
    assertThat(SparkBaselineConfig.from(s).checkpointFor("x")).isEqualTo("hdfs://nn/cp");
  }

  @Test
  void invalidValuesNameTheirKey() {
    assertThatThrownBy(
            () ->
                SparkBaselineConfig.from(
                    Settings.builder().set("spark-baseline.partitions", "0").build()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("spark-baseline.partitions");
    assertThatThrownBy(
            () ->
                SparkBaselineConfig.from(
                    Settings.builder().set("spark-baseline.mode", "forever").build()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("spark-baseline.mode");
  }
}
