package org.dsuite.cluster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dsuite.cluster.bench.report.RunResult;
import org.junit.jupiter.api.Test;

/** When a failure run kills: mid-run also for an engine that finishes a small input quickly. */
class KillTimeTest {
  private static RunResult fullSpeed(String engine, long wallMs, Long startupMs, String status) {
    return new RunResult(
        "traffic",
        "traffic-app1",
        100_000,
        engine,
        RunSpec.FULL_SPEED,
        1,
        status,
        "",
        wallMs,
        startupMs,
        null,
        1,
        "",
        null,
        null,
        1,
        1,
        List.of());
  }

  private static RunSpec failure(String engine) {
    return new RunSpec("traffic", "app1", 100_000, engine, RunSpec.FAILURE, 1, 0, -1);
  }

  @Test
  void aQuickEngineIsKilledAtThirtyPercentOfItsProcessingTime() {
    List<RunResult> done =
        List.of(
            fullSpeed(RunResult.RAINSTORM, 4_000, null, RunResult.OK),
            // Spark: 60 s wall of which 50 s start-up: 10 s of processing.
            fullSpeed(RunResult.SPARK_STRUCTURED, 60_000, 50_000L, RunResult.OK));
    assertThat(BenchRunner.killAfter(done, failure(RunResult.RAINSTORM), 3_000)).isEqualTo(1_200);
    assertThat(BenchRunner.killAfter(done, failure(RunResult.SPARK_STRUCTURED), 3_000))
        .isEqualTo(3_000);
    assertThat(BenchRunner.killAfter(done, failure(RunResult.SPARK_STRUCTURED), 10_000))
        .isEqualTo(3_000);
  }

  @Test
  void withoutACorrectFullSpeedRunTheConfiguredTimeHolds() {
    List<RunResult> done = List.of(fullSpeed(RunResult.RAINSTORM, 1_000, null, RunResult.FAILED));
    assertThat(BenchRunner.killAfter(done, failure(RunResult.RAINSTORM), 3_000)).isEqualTo(3_000);
    assertThat(BenchRunner.killAfter(List.of(), failure(RunResult.SPARK_DSTREAM), 3_000))
        .isEqualTo(3_000);
    // Never sooner than 100 ms after processing began.
    List<RunResult> tiny = List.of(fullSpeed(RunResult.RAINSTORM, 50, null, RunResult.OK));
    assertThat(BenchRunner.killAfter(tiny, failure(RunResult.RAINSTORM), 3_000)).isEqualTo(100);
  }
}
