package org.dsuite.rainstorm.engine.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Places tasks on live workers (pure and deterministic: same inputs, same placement).
 *
 * <ul>
 *   <li>Even: no worker gets more than {@code ceil(tasks / workers)} tasks.
 *   <li>Stable: a task whose worker is alive stays there while that worker is under the bound, so a
 *       failure moves only the failed worker's tasks (each move costs a log recovery).
 *   <li>Spread: a moved task goes to the least-loaded worker, preferring one with the fewest tasks
 *       of the same stage (so one failure does not take out a whole stage), then the lowest ID.
 * </ul>
 */
public final class Scheduler {
  private Scheduler() {}

  /**
   * @param tasks every task of the job
   * @param liveWorkers the workers that may run tasks
   * @param current the present placement (may name dead workers, or miss tasks)
   * @return a placement of every task on a live worker
   * @throws IllegalArgumentException if there is no live worker
   */
  public static Map<TaskKey, String> assign(
      Set<TaskKey> tasks, Set<String> liveWorkers, Map<TaskKey, String> current) {
    if (liveWorkers.isEmpty()) {
      throw new IllegalArgumentException("no live worker to run " + tasks.size() + " tasks");
    }
    int cap = (tasks.size() + liveWorkers.size() - 1) / liveWorkers.size();
    Map<String, Integer> load = new TreeMap<>();
    Map<String, Map<Integer, Integer>> stageLoad = new HashMap<>();
    for (String w : liveWorkers) {
      load.put(w, 0);
      stageLoad.put(w, new HashMap<>());
    }
    Map<TaskKey, String> out = new TreeMap<>();
    List<TaskKey> toPlace = new ArrayList<>();
    for (TaskKey t : new TreeSet<>(tasks)) {
      String w = current.get(t);
      if (w != null && liveWorkers.contains(w) && load.get(w) < cap) {
        place(out, load, stageLoad, t, w);
      } else {
        toPlace.add(t);
      }
    }
    for (TaskKey t : toPlace) {
      String best = null;
      for (String w : load.keySet()) { // sorted: ties go to the lowest ID
        if (best == null || better(w, best, t.stage(), load, stageLoad)) {
          best = w;
        }
      }
      place(out, load, stageLoad, t, best);
    }
    return out;
  }

  private static boolean better(
      String a,
      String b,
      int stage,
      Map<String, Integer> load,
      Map<String, Map<Integer, Integer>> stageLoad) {
    int la = load.get(a);
    int lb = load.get(b);
    if (la != lb) {
      return la < lb;
    }
    return stageLoad.get(a).getOrDefault(stage, 0) < stageLoad.get(b).getOrDefault(stage, 0);
  }

  private static void place(
      Map<TaskKey, String> out,
      Map<String, Integer> load,
      Map<String, Map<Integer, Integer>> stageLoad,
      TaskKey t,
      String w) {
    out.put(t, w);
    load.merge(w, 1, Integer::sum);
    stageLoad.get(w).merge(t.stage(), 1, Integer::sum);
  }

  /** The tasks of a job with {@code stages} stages of {@code tasksPerStage} tasks each. */
  public static Set<TaskKey> tasksOf(int stages, int tasksPerStage) {
    Set<TaskKey> ts = new TreeSet<>();
    for (int s = 0; s < stages; s++) {
      for (int i = 0; i < tasksPerStage; i++) {
        ts.add(new TaskKey(s, i));
      }
    }
    return ts;
  }
}
