package org.dsuite.rainstorm.engine.worker;

import java.util.function.Function;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.net.DataPlaneServer;
import org.dsuite.rainstorm.engine.net.Frame;
import org.dsuite.rainstorm.engine.task.TaskRunner;

/**
 * Routes frames received on this worker's data plane to the task they name. A batch for a task that
 * does not run here (moved away, or still recovering) is dropped and its credit returned: the
 * sender keeps the tuples unacknowledged and resends them to the task's next location.
 */
final class WorkerInbound implements DataPlaneServer.Handler {
  private final Function<String, JobRun> runs;

  WorkerInbound(Function<String, JobRun> runs) {
    this.runs = runs;
  }

  @Override
  public void onBatch(Frame.Batch b, Runnable credit) {
    TaskRunner r = runner(b.to().job(), b.to().stage(), b.to().task());
    if (r != null) {
      r.offer(b, credit);
    } else {
      credit.run();
    }
  }

  @Override
  public void onAcks(Frame.Acks a) {
    TaskRunner r = runner(a.to().job(), a.to().stage(), a.to().task());
    if (r != null) {
      r.acked(a.ids());
    }
  }

  private TaskRunner runner(String job, int stage, int task) {
    JobRun run = runs.apply(job);
    return run == null ? null : run.tasks.get(new TaskKey(stage, task));
  }
}
