package org.dsuite.rainstorm.engine.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.hadoop.conf.Configuration;
import org.dsuite.common.config.Settings;
import org.dsuite.rainstorm.engine.log.TaskLogConfig;
import org.junit.jupiter.api.Test;

class HdfsClientSettingsTest {
  /** The total a client waits with {@code retries} doubling waits from {@code initial}. */
  private static long patience(long initial, int retries) {
    long total = 0;
    for (int i = 0; i < retries; i++) {
      total += initial << i;
    }
    return total;
  }

  @Test
  void aShortFirstDelayGetsEnoughRetriesToWaitAsLongAsHadoopInTotal() {
    assertThat(HdfsClientSettings.retriesFor(400)).isEqualTo(5); // Hadoop's own pair
    assertThat(HdfsClientSettings.retriesFor(20)).isEqualTo(10); // 20 .. 10 240 ms: 20.5 s
    for (long d = 1; d <= HdfsClientSettings.PATIENCE_MS; d = d * 3 + 1) {
      int r = HdfsClientSettings.retriesFor(d);
      assertThat(patience(d, r)).as("delay %d", d).isGreaterThanOrEqualTo(12_400);
      assertThat(patience(d, r - 1)).as("delay %d, one retry fewer", d).isLessThan(12_400);
    }
  }

  @Test
  void theWorkerConfigurationCarriesTheDelayAndRetries() {
    WorkerConfig c =
        WorkerConfig.from(
            Settings.builder()
                .set("rainstorm.hdfs-close-retry-delay-ms", "50")
                .set("rainstorm.hdfs-replace-datanode-on-failure", "false")
                .build());
    Configuration conf = new Configuration(false);
    HdfsClientSettings.apply(c, conf);
    assertThat(conf.getLong(HdfsClientSettings.INITIAL_DELAY, -1)).isEqualTo(50);
    assertThat(conf.getInt(HdfsClientSettings.RETRIES, -1)).isEqualTo(8); // 50 .. 6 400: 12.75 s
    assertThat(conf.getBoolean(HdfsClientSettings.REPLACE_DATANODE, true)).isFalse();
    // left off: the pool leaks on the pipeline-error path in our Hadoop (HDFS-17916)
    assertThat(conf.getBoolean(HdfsClientSettings.BYTE_ARRAY_MANAGER, false)).isFalse();
    assertThat(WorkerConfig.from(Settings.builder().build()).hdfsCloseRetryDelayMs()).isEqualTo(20);
  }

  @Test
  void theTaskLogPacketSizeReachesTheClient() {
    WorkerConfig c = WorkerConfig.from(Settings.builder().build());
    Configuration conf = new Configuration(false);
    HdfsClientSettings.apply(c, conf);
    // not Hadoop's 64 KB: a fresh packet array per hflush, mostly empty for a log commit
    assertThat(conf.getInt(HdfsClientSettings.WRITE_PACKET_SIZE, -1)).isEqualTo(16 << 10);
    HdfsClientSettings.apply(
        c,
        TaskLogConfig.from(
            Settings.builder().set("rainstorm.log.write-packet-bytes", "32KB").build()),
        conf);
    assertThat(conf.getInt(HdfsClientSettings.WRITE_PACKET_SIZE, -1)).isEqualTo(32 << 10);
  }

  @Test
  void anOutOfRangeDelayStopsStartUpNamingTheKey() {
    assertThatThrownBy(
            () ->
                WorkerConfig.from(
                    Settings.builder().set("rainstorm.hdfs-close-retry-delay-ms", "0").build()))
        .hasMessageContaining("rainstorm.hdfs-close-retry-delay-ms");
  }
}
