package org.dsuite.rainstorm.engine.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StallWatchTest {
  private static final long S = 1_000_000_000L;

  @Test
  void aTaskWhoseProgressStopsIsReportedAfterTheLimitAndThenAsOften() {
    StallWatch<String> w = new StallWatch<>(10 * S);
    assertThat(w.stalled("t", 5, false, 0)).isEqualTo(-1);
    assertThat(w.stalled("t", 7, false, 3 * S)).as("progress").isEqualTo(-1);
    assertThat(w.stalled("t", 7, false, 12 * S)).as("9 s without").isEqualTo(-1);
    assertThat(w.stalled("t", 7, false, 13 * S)).as("10 s without").isEqualTo(10_000);
    assertThat(w.stalled("t", 7, false, 20 * S)).as("reported 7 s ago").isEqualTo(-1);
    assertThat(w.stalled("t", 7, false, 23 * S)).isEqualTo(20_000);
    assertThat(w.stalled("t", 8, false, 24 * S)).as("moves again").isEqualTo(-1);
    assertThat(w.stalled("t", 8, false, 33 * S)).isEqualTo(-1);
  }

  @Test
  void aQuietTaskIsNeverStalled() {
    StallWatch<String> w = new StallWatch<>(10 * S);
    w.stalled("t", 5, true, 0);
    assertThat(w.stalled("t", 5, true, 30 * S)).isEqualTo(-1);
    assertThat(w.stalled("t", 5, false, 31 * S)).as("not quiet from here").isEqualTo(-1);
    assertThat(w.stalled("t", 5, false, 41 * S)).isEqualTo(10_000);
  }

  @Test
  void aTaskThatKeepsFailingWithoutProgressIsReported() {
    StallWatch<String> w = new StallWatch<>(10 * S);
    w.stalled("t", 0, false, 0); // running, nothing processed
    assertThat(w.stalledIdle("t", 4 * S)).as("failed, not running").isEqualTo(-1);
    assertThat(w.stalled("t", 0, false, 8 * S)).as("restarted, nothing processed").isEqualTo(-1);
    assertThat(w.stalledIdle("t", 11 * S)).isEqualTo(11_000);
    assertThat(w.stalledIdle("u", 0)).as("never seen running").isEqualTo(-1);
    assertThat(w.stalledIdle("u", 10 * S)).isEqualTo(10_000);
  }

  @Test
  void aTaskNoLongerWatchedStartsAfresh() {
    StallWatch<String> w = new StallWatch<>(10 * S);
    w.stalled("t", 5, false, 0);
    w.retain(List.of("u"));
    assertThat(w.stalled("t", 5, false, 20 * S)).isEqualTo(-1);
    assertThat(w.stalled("t", 5, false, 30 * S)).isEqualTo(10_000);
  }
}
