package org.dsuite.rainstorm.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.leader.JobStore;
import org.dsuite.rainstorm.engine.leader.TaskProgress;
import org.junit.jupiter.api.Test;

/** The stall figures of {@code submit --report}: what the observations show, not their spacing. */
class RunObserverTest {
  private static final int SINK = 3;

  /** One observation: the source task 0-0 has read {@code in} records, the sink {@code out}. */
  private static void observe(RunObserver o, long atMs, long in, long out) {
    o.observe(
        atMs,
        Map.of(
            new TaskKey(0, 0), report(in),
            new TaskKey(SINK, 0), report(out)),
        Map.of());
  }

  private static JobStore.Report report(long inputs) {
    return new JobStore.Report(new TaskProgress("w1", 1, false, inputs, ""), 1);
  }

  @Test
  void slowSamplingOfAMovingCountIsNoStall() {
    RunObserver o = new RunObserver(SINK);
    o.observe(0, Map.of(), Map.of()); // the submission
    for (int i = 1; i <= 10; i++) { // 500 ms apart, the counts move every time
      observe(o, i * 500L, i * 1000L, i * 100L);
    }
    assertThat(o.longestInputStallMs()).isZero();
    assertThat(o.longestOutputStallMs()).isZero();
  }

  @Test
  void aCountSeenStandingStillIsAStallOnceItMovesOn() {
    RunObserver o = new RunObserver(SINK);
    o.observe(0, Map.of(), Map.of());
    observe(o, 100, 0, 0); // before the first record: not a stall
    observe(o, 200, 0, 0);
    observe(o, 300, 500, 0);
    observe(o, 400, 1000, 10);
    observe(o, 500, 1000, 10); // the sources stand still from 400 ...
    observe(o, 600, 1000, 10);
    observe(o, 800, 1000, 20); // ... to 800 (seen still until then), the sink moves at 800
    observe(o, 900, 2000, 20); // the sources move on: stall 400 .. 800
    observe(o, 1000, 2000, 20); // the end: both stand still from here on, never a stall
    observe(o, 5000, 2000, 20);
    assertThat(o.longestInputStallMs()).isEqualTo(400);
    // The sink: 10 seen from 400 to 600, then 20 from 800 to the end (never moved on).
    assertThat(o.longestOutputStallMs()).isEqualTo(200);
    assertThat(o.recordsIn()).isEqualTo(2000);
  }
}
