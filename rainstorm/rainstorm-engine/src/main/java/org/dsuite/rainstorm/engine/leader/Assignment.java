package org.dsuite.rainstorm.engine.leader;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.dsuite.rainstorm.engine.core.TaskKey;

/**
 * Where a job's tasks run, with an epoch that grows with every change: a worker that sees a newer
 * epoch knows upstream and downstream tasks may have moved (and resends what is unacked).
 */
public record Assignment(long epoch, Map<TaskKey, String> workers) {
  public Assignment {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0");
    }
    workers = java.util.Collections.unmodifiableMap(new TreeMap<>(workers));
  }

  public byte[] encode() {
    StringBuilder sb = new StringBuilder("epoch=").append(epoch).append('\n');
    workers.forEach((t, w) -> sb.append(t).append('=').append(w).append('\n'));
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static Assignment decode(byte[] data) {
    long epoch = -1;
    Map<TaskKey, String> ws = new TreeMap<>();
    for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("bad assignment line '" + line + "'");
      }
      String k = line.substring(0, eq);
      String v = line.substring(eq + 1);
      if (k.equals("epoch")) {
        epoch = Long.parseLong(v);
      } else {
        ws.put(TaskKey.parse(k), ZkLayout.checkName(v));
      }
    }
    return new Assignment(epoch, ws);
  }
}
