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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a task's sends and acks: groups them by the task they go to, one data-plane call per
 * destination task. A failed call is only logged: the core's resend timer (outputs) or the
 * upstream's (acks) repairs it.
 *
 * <p>Acks are gathered per upstream task and go out when the task loop calls {@link #flushAcks} (on
 * its tick, every few ms), not per durable commit: an ack frame costs a write here, a read and a
 * wake-up of the upstream worker's reader and a wake-up of the upstream task, and with commits
 * every 2 ms most of those carried a handful of IDs. Outputs are never delayed (they are the data
 * path's latency); acks only free the upstream's unacked buffer, whose bound is far above a tick's
 * worth of outputs.
 */
final class TaskSends {
  private static final Logger log = LoggerFactory.getLogger(TaskSends.class);

  private final TaskKey key;
  private final Outbound out;
  private final Map<Integer, List<TupleId>> pendingAcks = new HashMap<>();

  TaskSends(TaskKey key, Outbound out) {
    this.key = key;
    this.out = out;
  }

  void outputs(List<Output> outputs) {
    Map<Integer, List<DataTuple>> byTask = new HashMap<>();
    for (Output o : outputs) {
      byTask.computeIfAbsent(o.toTask(), t -> new ArrayList<>()).add(o.tuple());
    }
    byTask.forEach(
        (task, tuples) -> {
          try {
            out.send(new TaskKey(key.stage() + 1, task), key.task(), tuples);
          } catch (IOException e) {
            log.debug("send from {} to {} failed, the resend timer retries: {}", key, task, e);
          }
        });
  }

  /** Gathers acks for the next {@link #flushAcks}. */
  void acks(List<Ack> acks) {
    for (Ack k : acks) {
      if (k.toTask() >= 0) {
        pendingAcks.computeIfAbsent(k.toTask(), t -> new ArrayList<>()).addAll(k.inputs());
      }
    }
  }

  boolean hasPendingAcks() {
    return !pendingAcks.isEmpty();
  }

  /** Sends the gathered acks: one frame per upstream task. */
  void flushAcks() {
    if (pendingAcks.isEmpty()) {
      return;
    }
    pendingAcks.forEach(
        (task, ids) -> {
          try {
            out.ack(new TaskKey(key.stage() - 1, task), key.task(), ids);
          } catch (IOException e) {
            log.debug("ack from {} to {} failed, upstream resends: {}", key, task, e);
          }
        });
    pendingAcks.clear();
  }
}
