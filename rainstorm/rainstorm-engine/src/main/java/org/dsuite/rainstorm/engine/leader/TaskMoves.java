package org.dsuite.rainstorm.engine.leader;

import java.util.Set;
import org.dsuite.rainstorm.engine.core.TaskKey;

/**
 * Told by the leader, right after it wrote an assignment, which tasks it moved off workers that are
 * no longer live (swim declared them failed, they left, or their ZooKeeper session ended). The
 * worker hosting the leader uses it to start fencing the dead writers' files at once.
 */
@FunctionalInterface
public interface TaskMoves {
  TaskMoves NONE = (job, tasks) -> {};

  /** Called on the leader's thread: must return quickly. */
  void movedOffDeadWorkers(JobRecord job, Set<TaskKey> tasks);
}
