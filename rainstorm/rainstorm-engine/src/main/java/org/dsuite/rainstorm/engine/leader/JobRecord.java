package org.dsuite.rainstorm.engine.leader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.dsuite.rainstorm.engine.core.Scheduler;
import org.dsuite.rainstorm.engine.core.TaskKey;

/**
 * A job as the leader schedules it: its ID, its shape (stages and tasks per stage) and the
 * submitted arguments (the MP4 positional form plus flags), kept verbatim so any leader or worker
 * can rebuild the same job. Stored as text: {@code stages=N}, {@code tasks=N}, {@code sinks=N}
 * (only when non-zero), then one {@code arg=...} line per argument.
 *
 * @param stages stages of {@code tasksPerStage} tasks each (source and operator stages)
 * @param sinkTasks tasks of one more stage after them (stage index {@code stages}): the sink, which
 *     writes one destination file and therefore runs as a single task; 0 for none
 */
public record JobRecord(
    String id, int stages, int tasksPerStage, int sinkTasks, List<String> args) {
  public JobRecord(String id, int stages, int tasksPerStage, List<String> args) {
    this(id, stages, tasksPerStage, 0, args);
  }

  public JobRecord {
    if (sinkTasks < 0 || sinkTasks > 1024) {
      throw new IllegalArgumentException("sink tasks must be 0..1024: " + sinkTasks);
    }
    ZkLayout.checkName(id);
    if (stages < 1 || stages > 64) {
      throw new IllegalArgumentException("stages must be 1..64: " + stages);
    }
    if (tasksPerStage < 1 || tasksPerStage > 1024) {
      throw new IllegalArgumentException("tasks per stage must be 1..1024: " + tasksPerStage);
    }
    args = List.copyOf(args);
    for (String a : args) {
      if (a.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("job arguments must not contain newlines");
      }
    }
  }

  /** Every task of the job: {@code stages} stages of {@code tasksPerStage}, then the sink tasks. */
  public Set<TaskKey> tasks() {
    Set<TaskKey> ts = new TreeSet<>(Scheduler.tasksOf(stages, tasksPerStage));
    for (int i = 0; i < sinkTasks; i++) {
      ts.add(new TaskKey(stages, i));
    }
    return ts;
  }

  public byte[] encode() {
    StringBuilder sb = new StringBuilder();
    sb.append("stages=").append(stages).append('\n');
    sb.append("tasks=").append(tasksPerStage).append('\n');
    if (sinkTasks > 0) {
      sb.append("sinks=").append(sinkTasks).append('\n');
    }
    for (String a : args) {
      sb.append("arg=").append(a).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static JobRecord decode(String id, byte[] data) {
    int stages = -1;
    int tasks = -1;
    int sinks = 0;
    List<String> args = new ArrayList<>();
    for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("stages=")) {
        stages = Integer.parseInt(line.substring(7));
      } else if (line.startsWith("tasks=")) {
        tasks = Integer.parseInt(line.substring(6));
      } else if (line.startsWith("sinks=")) {
        sinks = Integer.parseInt(line.substring(6));
      } else if (line.startsWith("arg=")) {
        args.add(line.substring(4));
      } else if (!line.isEmpty()) {
        throw new IllegalArgumentException("job " + id + ": unexpected line '" + line + "'");
      }
    }
    return new JobRecord(id, stages, tasks, sinks, args);
  }
}
