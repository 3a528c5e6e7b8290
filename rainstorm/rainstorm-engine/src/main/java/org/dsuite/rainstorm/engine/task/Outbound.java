package org.dsuite.rainstorm.engine.task;

import java.io.IOException;
import java.util.List;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.core.TupleId;

/**
 * Where a task's tuples and acks go: to whichever worker runs the addressed task now. A failed send
 * is not retried here: the task core resends unacknowledged tuples on its own timer, and an
 * upstream resends what a lost ack left unacknowledged.
 */
public interface Outbound {
  void send(TaskKey to, int fromTask, List<DataTuple> tuples) throws IOException;

  void ack(TaskKey to, int fromTask, List<TupleId> ids) throws IOException;
}
