package org.dsuite.rainstorm.engine.leader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A job as the leader schedules it: its ID, its shape (stages and tasks per stage) and the
 * submitted arguments (the MP4 positional form plus flags), kept verbatim so any leader or worker
 * can rebuild the same job. Stored as text: {@code stages=N}, {@code tasks=N}, then one {@code
 * arg=...} line per argument.
 */
public record JobRecord(String id, int stages, int tasksPerStage, List<String> args) {
  public JobRecord {
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

  public byte[] encode() {
    StringBuilder sb = new StringBuilder();
    sb.append("stages=").append(stages).append('\n');
    sb.append("tasks=").append(tasksPerStage).append('\n');
    for (String a : args) {
      sb.append("arg=").append(a).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static JobRecord decode(String id, byte[] data) {
    int stages = -1;
    int tasks = -1;
    List<String> args = new ArrayList<>();
    for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("stages=")) {
        stages = Integer.parseInt(line.substring(7));
      } else if (line.startsWith("tasks=")) {
        tasks = Integer.parseInt(line.substring(6));
      } else if (line.startsWith("arg=")) {
        args.add(line.substring(4));
      } else if (!line.isEmpty()) {
        throw new IllegalArgumentException("job " + id + ": unexpected line '" + line + "'");
      }
    }
    return new JobRecord(id, stages, tasks, args);
  }
}
