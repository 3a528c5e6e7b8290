package org.dsuite.rainstorm.engine.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.junit.jupiter.api.Test;

/**
 * A start that spans a move away and back ({@link TaskSupervisor#placedElsewhereSince}): the sink
 * of session 8's CI stall was placed on the resumed worker at epoch 3, elsewhere at 4 and back at 5
 * within three seconds, while the first start there was still fencing and reading its log.
 */
class RestartedWhileStartingTest {
  private static final TaskKey SINK = new TaskKey(2, 0);

  @Test
  void aStartIsStaleOnlyIfTheTaskWasPlacedElsewhereAfterItBegan() {
    Map<TaskKey, Long> elsewhere = new HashMap<>();
    assertThat(TaskSupervisor.placedElsewhereSince(elsewhere, SINK, 3)).isFalse();
    elsewhere.put(SINK, 2L); // moved away at 2, back here at 3: the start at 3 reads after that
    assertThat(TaskSupervisor.placedElsewhereSince(elsewhere, SINK, 3)).isFalse();
    elsewhere.put(SINK, 4L); // elsewhere at 4 while the start of epoch 3 ran
    assertThat(TaskSupervisor.placedElsewhereSince(elsewhere, SINK, 3)).isTrue();
    assertThat(TaskSupervisor.placedElsewhereSince(elsewhere, SINK, 5)).isFalse();
    assertThat(TaskSupervisor.placedElsewhereSince(elsewhere, new TaskKey(1, 0), 3)).isFalse();
  }
}
