package org.dsuite.spark.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunReportTest {
  @Test
  void startUpFirstBatchAndSteadyStateAreSeparate() {
    long[] now = {1_000};
    BatchTimeline t = new BatchTimeline(() -> now[0], 0);
    now[0] = 5_000;
    t.sessionReady();
    now[0] = 6_000;
    t.queryStarted();
    now[0] = 9_000;
    t.batchDone(100_000); // the first batch carries the warm-up
    now[0] = 9_500;
    t.batchDone(0); // an empty trigger is not a batch
    now[0] = 10_000;
    t.batchDone(100_000);
    now[0] = 11_000;
    t.batchDone(200_000);

    RunReport r = t.report("a", "structured", "bounded");
    assertThat(r.startupMs()).isEqualTo(5_000);
    assertThat(r.firstBatchMs()).isEqualTo(3_000);
    assertThat(r.lastBatchMs()).isEqualTo(5_000);
    assertThat(r.batches()).isEqualTo(3);
    assertThat(r.rows()).isEqualTo(400_000);
    assertThat(r.steadyRowsPerSecond()).isEqualTo(150_000.0); // 300 K rows in 2 s
    assertThat(r.overallRowsPerSecond()).isEqualTo(80_000.0); // 400 K rows in 5 s
    assertThat(r.toJson())
        .contains("\"steady_rows_per_s\":150000.0")
        .contains("\"startup_ms\":5000");
  }

  @Test
  void aSingleBatchIsMeasuredOverItsOwnDuration() {
    long[] now = {0};
    BatchTimeline t = new BatchTimeline(() -> now[0], 0);
    t.sessionReady();
    now[0] = 1_000;
    t.queryStarted();
    now[0] = 3_000;
    t.batchDone(50_000);
    assertThat(t.report("a", "dstream", "bounded").steadyRowsPerSecond()).isEqualTo(25_000.0);
  }
}
