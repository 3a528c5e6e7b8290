package org.dsuite.rainstorm.engine.core;

/** One task of a job: stage and index within the stage. Written {@code stage-task}. */
public record TaskKey(int stage, int task) implements Comparable<TaskKey> {
  public TaskKey {
    if (stage < 0 || task < 0) {
      throw new IllegalArgumentException("stage and task must be >= 0");
    }
  }

  /** Parses {@code stage-task}. */
  public static TaskKey parse(String s) {
    int dash = s.indexOf('-');
    if (dash < 1) {
      throw new IllegalArgumentException("not a task key: '" + s + "'");
    }
    try {
      return new TaskKey(
          Integer.parseInt(s.substring(0, dash)), Integer.parseInt(s.substring(dash + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a task key: '" + s + "'", e);
    }
  }

  @Override
  public int compareTo(TaskKey o) {
    return stage != o.stage ? Integer.compare(stage, o.stage) : Integer.compare(task, o.task);
  }

  @Override
  public String toString() {
    return stage + "-" + task;
  }
}
