package org.dsuite.rainstorm.engine.leader;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dsuite.rainstorm.engine.core.TaskKey;

/**
 * Decides from the tasks' progress reports whether a job is finished (pure; the leader keeps one
 * per job and feeds it each pass).
 *
 * <p>A job is done when two consecutive observations both find every task quiet (nothing
 * unacknowledged, nothing queued, sources read, sink durable), reported by the worker the current
 * assignment names, under the same epoch, with every report fresh (a newer znode version than in
 * the first observation) and no task's input count changed in between. A task can only become busy
 * again by taking new input (its count grows) or by a move (the epoch grows), and a quiet upstream
 * has nothing unacknowledged to send; so two such observations mean nothing was in flight anywhere
 * between them, and nothing will be.
 */
public final class CompletionCheck {
  /** The verdict of one observation. */
  public sealed interface Verdict permits Running, Done, Failed {}

  public record Running() implements Verdict {}

  public record Done() implements Verdict {}

  public record Failed(String why) implements Verdict {}

  private record Observation(long epoch, Map<TaskKey, Integer> versions, Map<TaskKey, Long> in) {}

  private Observation previous;

  /**
   * @param tasks every task of the job
   * @param assignment the current assignment
   * @param reports the latest report of every task that reported
   */
  public Verdict observe(
      Set<TaskKey> tasks, Assignment assignment, Map<TaskKey, JobStore.Report> reports) {
    Map<TaskKey, Integer> versions = new HashMap<>();
    Map<TaskKey, Long> in = new HashMap<>();
    boolean allQuiet = true;
    for (TaskKey t : tasks) {
      JobStore.Report r = reports.get(t);
      String worker = assignment.workers().get(t);
      if (r == null || worker == null || !r.progress().worker().equals(worker)) {
        allQuiet = false;
        continue;
      }
      if (!r.progress().failure().isEmpty()) {
        return new Failed("task " + t + " on " + worker + " failed: " + r.progress().failure());
      }
      if (r.progress().epoch() != assignment.epoch() || !r.progress().quiet()) {
        allQuiet = false;
      }
      versions.put(t, r.version());
      in.put(t, r.progress().inputs());
    }
    if (!allQuiet) {
      previous = null;
      return new Running();
    }
    Observation now = new Observation(assignment.epoch(), versions, in);
    Observation before = previous;
    if (before != null
        && before.epoch == now.epoch
        && before.in.equals(now.in)
        && fresher(before, now)) {
      return new Done();
    }
    if (before == null || before.epoch != now.epoch || !before.in.equals(now.in)) {
      previous = now;
    }
    return new Running();
  }

  private static boolean fresher(Observation before, Observation now) {
    for (Map.Entry<TaskKey, Integer> e : now.versions.entrySet()) {
      if (Optional.ofNullable(before.versions.get(e.getKey())).orElse(Integer.MAX_VALUE)
          >= e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
