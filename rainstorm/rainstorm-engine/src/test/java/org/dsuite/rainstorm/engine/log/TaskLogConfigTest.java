package org.dsuite.rainstorm.engine.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dsuite.common.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskLogConfigTest {
  /** every 50 000 inputs, at most one per 1 000 ms, never more than 400 000 apart. */
  private static final TaskLogConfig C =
      new TaskLogConfig(
          2,
          1 << 20,
          16 << 20,
          TaskLogConfig.Durability.HFLUSH,
          50_000,
          30_000,
          1_000,
          400_000,
          16 << 10);

  @ParameterizedTest(name = "{0} inputs, {1} ms since the last: {2}")
  @CsvSource({
    "49999, 100000, false", // a slow task: by inputs, as before
    "50000, 100000, true",
    "50000, 999, false", // a fast one waits out the interval
    "50000, 1000, true",
    "399999, 0, false",
    "400000, 0, true", // the hard bound on replay
    "0, 100000, false" // an idle task never snapshots
  })
  void aSnapshotIsDueByInputsThenByTimeUpToTheBound(long inputs, long ms, boolean due) {
    assertThat(C.snapshotDue(inputs, ms)).isEqualTo(due);
  }

  @Test
  void keysAreReadAndAMaxBelowEveryRecordsIsRefusedNamingTheKey() {
    TaskLogConfig c =
        TaskLogConfig.from(
            Settings.builder()
                .set("rainstorm.log.snapshot-min-interval-ms", "2s")
                .set("rainstorm.log.snapshot-max-records", "70000")
                .set("rainstorm.log.write-packet-bytes", "8KB")
                .build());
    assertThat(c.snapshotMinIntervalMs()).isEqualTo(2_000);
    assertThat(c.snapshotMaxRecords()).isEqualTo(70_000);
    assertThat(c.writePacketBytes()).isEqualTo(8 << 10);
    // unset, the bound follows a larger snapshot-every-records
    assertThat(
            TaskLogConfig.from(
                    Settings.builder()
                        .set("rainstorm.log.snapshot-every-records", "1000000")
                        .build())
                .snapshotMaxRecords())
        .isEqualTo(1_000_000);
    assertThatThrownBy(
            () ->
                TaskLogConfig.from(
                    Settings.builder()
                        .set("rainstorm.log.snapshot-every-records", "1000")
                        .set("rainstorm.log.snapshot-max-records", "999")
                        .build()))
        .hasMessageContaining("rainstorm.log.snapshot-max-records");
    assertThatThrownBy(
            () ->
                TaskLogConfig.from(
                    Settings.builder().set("rainstorm.log.write-packet-bytes", "100").build()))
        .hasMessageContaining("rainstorm.log.write-packet-bytes");
  }
}
