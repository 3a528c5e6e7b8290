package org.dsuite.rainstorm.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  private static Set<String> workers(int n) {
    Set<String> ws = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      ws.add("w" + i);
    }
    return ws;
  }

  private static Map<String, Integer> loads(Collection<String> placement) {
    Map<String, Integer> l = new HashMap<>();
    placement.forEach(w -> l.merge(w, 1, Integer::sum));
    return l;
  }

  @Test
  void nineTasksOnFourWorkersAreSpreadAndStagesSplit() {
    Map<TaskKey, String> a = Scheduler.assign(Scheduler.tasksOf(3, 3), workers(4), Map.of());
    assertThat(loads(a.values()).values()).containsExactlyInAnyOrder(3, 2, 2, 2);
    for (int stage = 0; stage < 3; stage++) {
      Set<String> hosts = new HashSet<>();
      for (int t = 0; t < 3; t++) {
        hosts.add(a.get(new TaskKey(stage, t)));
      }
      assertThat(hosts).as("stage %d on distinct workers", stage).hasSize(3);
    }
  }

  @Test
  void failureMovesOnlyTheFailedWorkersTasks() {
    Set<TaskKey> tasks = Scheduler.tasksOf(3, 3);
    Map<TaskKey, String> before = Scheduler.assign(tasks, workers(4), Map.of());
    Set<String> live = workers(4);
    live.remove("w1");
    live.remove("w2");
    Map<TaskKey, String> after = Scheduler.assign(tasks, live, before);
    for (TaskKey t : tasks) {
      assertThat(after.get(t)).isIn(live);
      if (live.contains(before.get(t))) {
        assertThat(after.get(t)).as("task %s stays", t).isEqualTo(before.get(t));
      }
    }
    assertThat(loads(after.values()).values()).containsExactlyInAnyOrder(5, 4);
  }

  @Test
  void noLiveWorkerIsAnError() {
    assertThatThrownBy(() -> Scheduler.assign(Scheduler.tasksOf(1, 1), Set.of(), Map.of()))
        .hasMessageContaining("no live worker");
  }

  @Test
  void taskKeyRoundTrips() {
    assertThat(TaskKey.parse("2-11")).isEqualTo(new TaskKey(2, 11));
    assertThat(TaskKey.parse(new TaskKey(3, 4).toString())).isEqualTo(new TaskKey(3, 4));
    assertThatThrownBy(() -> TaskKey.parse("x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 200)
  void placementIsEvenAndStableUnderRandomFailures(
      @ForAll @IntRange(min = 1, max = 5) int stages,
      @ForAll @IntRange(min = 1, max = 6) int perStage,
      @ForAll @IntRange(min = 1, max = 8) int workerCount,
      @ForAll @IntRange(min = 0, max = 255) int deadMask) {
    Set<TaskKey> tasks = Scheduler.tasksOf(stages, perStage);
    Map<TaskKey, String> before = Scheduler.assign(tasks, workers(workerCount), Map.of());
    Set<String> live = new TreeSet<>();
    for (String w : workers(workerCount)) {
      if ((deadMask & (1 << Integer.parseInt(w.substring(1)))) == 0) {
        live.add(w);
      }
    }
    if (live.isEmpty()) {
      return;
    }
    Map<TaskKey, String> after = Scheduler.assign(tasks, live, before);
    assertThat(after.keySet()).isEqualTo(tasks);
    assertThat(live).containsAll(after.values());
    int cap = (tasks.size() + live.size() - 1) / live.size();
    assertThat(loads(after.values()).values()).allMatch(l -> l <= cap);
    int stayed = 0;
    int couldStay = 0;
    for (TaskKey t : tasks) {
      if (live.contains(before.get(t))) {
        couldStay++;
        if (after.get(t).equals(before.get(t))) {
          stayed++;
        }
      }
    }
    // The first placement was even, and fewer workers only raise the bound: every task on a
    // surviving worker stays put.
    assertThat(stayed).isEqualTo(couldStay);
  }
}
