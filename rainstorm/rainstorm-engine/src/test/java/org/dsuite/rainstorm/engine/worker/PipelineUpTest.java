package org.dsuite.rainstorm.engine.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.leader.Assignment;
import org.junit.jupiter.api.Test;

/**
 * When a worker releases its paced sources ({@link TaskSupervisor#pipelineUp}): only once every
 * task of the current assignment has reported under that assignment's epoch. A release on reports
 * of an earlier epoch would start the open-loop clock while a moved task is still recovering, and
 * charge its recovery to nobody.
 */
class PipelineUpTest {
  private static final TaskKey SOURCE = new TaskKey(0, 0);
  private static final TaskKey SINK = new TaskKey(1, 0);

  @Test
  void upOnlyWhenEveryTaskReportedUnderTheCurrentEpoch() {
    Assignment first = new Assignment(1, Map.of(SOURCE, "w1", SINK, "w2"));
    Map<TaskKey, Long> seen = new HashMap<>();
    assertThat(TaskSupervisor.pipelineUp(first, seen)).isFalse();
    seen.put(SOURCE, 1L);
    assertThat(TaskSupervisor.pipelineUp(first, seen)).isFalse();
    seen.put(SINK, 1L);
    assertThat(TaskSupervisor.pipelineUp(first, seen)).isTrue();
  }

  @Test
  void reportsOfAnEarlierEpochDoNotCountAfterAMove() {
    Map<TaskKey, Long> seen = new HashMap<>(Map.of(SOURCE, 1L, SINK, 1L));
    Assignment moved = new Assignment(2, Map.of(SOURCE, "w1", SINK, "w3"));
    assertThat(TaskSupervisor.pipelineUp(moved, seen)).isFalse();
    seen.put(SOURCE, 2L);
    assertThat(TaskSupervisor.pipelineUp(moved, seen)).isFalse();
    seen.put(SINK, 2L);
    assertThat(TaskSupervisor.pipelineUp(moved, seen)).isTrue();
  }

  @Test
  void anEmptyAssignmentIsNeverUp() {
    assertThat(TaskSupervisor.pipelineUp(new Assignment(1, Map.of()), Map.of())).isFalse();
  }
}
