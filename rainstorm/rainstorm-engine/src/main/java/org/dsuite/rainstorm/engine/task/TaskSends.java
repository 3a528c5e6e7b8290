package org.dsuite.rainstorm.engine.task;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dsuite.rainstorm.engine.core.Ack;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.Output;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.core.TupleId;
import org.dsuite.rainstorm.engine.task.stats.StageAges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a task's sends and acks: groups them by the task they go to, one data-plane call per
 * destination task. A failed call is only logged: the core's resend timer (outputs) or the
 * upstream's (acks) repairs it.
 */
final class TaskSends {
  private static final Logger log = LoggerFactory.getLogger(TaskSends.class);

  private final TaskKey key;
  private final Outbound out;

  TaskSends(TaskKey key, Outbound out) {
    this.key = key;
    this.out = out;
  }

  void outputs(List<Output> outputs) {
    if (outputs.isEmpty()) {
      return;
    }
    int first = outputs.get(0).toTask();
    boolean oneTask = true;
    for (Output o : outputs) {
      if (o.toTask() != first) {
        oneTask = false;
        break;
      }
    }
    if (oneTask) { // every output of a stage into one sink, and often a keyed stage's batch
      List<DataTuple> tuples = new ArrayList<>(outputs.size());
      for (Output o : outputs) {
        tuples.add(o.tuple());
      }
      send(first, tuples);
      return;
    }
    Map<Integer, List<DataTuple>> byTask = new HashMap<>();
    for (Output o : outputs) {
      byTask.computeIfAbsent(o.toTask(), t -> new ArrayList<>()).add(o.tuple());
    }
    byTask.forEach(this::send);
  }

  private void send(int task, List<DataTuple> tuples) {
    try {
      if (StageAges.ON) {
        StageAges.record(
            "s" + key.stage() + "-3send", tuples.get(0).stampMicros(), WallMicros.now());
      }
      out.send(new TaskKey(key.stage() + 1, task), key.task(), tuples);
      if (StageAges.ON) {
        StageAges.record(
            "s" + key.stage() + "-4sent", tuples.get(0).stampMicros(), WallMicros.now());
      }
    } catch (IOException e) {
      log.debug("send from {} to {} failed, the resend timer retries: {}", key, task, e);
    }
  }

  void acks(List<Ack> acks) {
    Map<Integer, List<TupleId>> byTask = new HashMap<>();
    for (Ack k : acks) {
      if (k.toTask() >= 0) {
        byTask.computeIfAbsent(k.toTask(), t -> new ArrayList<>()).addAll(k.inputs());
      }
    }
    byTask.forEach(
        (task, ids) -> {
          try {
            out.ack(new TaskKey(key.stage() - 1, task), key.task(), ids);
          } catch (IOException e) {
            log.debug("ack from {} to {} failed, upstream resends: {}", key, task, e);
          }
        });
  }
}
