package org.dsuite.rainstorm.engine.worker;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.leader.SwimWorkers;
import org.dsuite.swim.api.MemberInfo;
import org.dsuite.swim.api.Membership;
import org.dsuite.swim.api.MembershipListener;

/**
 * What a worker does with swim's verdicts about other workers, for every job it runs: a worker
 * declared failed is no longer sent to and the files of its tasks start being fenced; a worker
 * listed in the group again (a false verdict revived, or it restarted) is sent to again.
 */
final class SwimVerdicts implements MembershipListener {
  private final Membership membership;
  private final Map<String, JobRun> runs;
  private final LeaseFencer fencer;

  SwimVerdicts(Membership membership, Map<String, JobRun> runs, LeaseFencer fencer) {
    this.membership = membership;
    this.runs = runs;
    this.fencer = fencer;
  }

  /**
   * Swim declared the worker failed: every worker (not only the leader, which may be the one that
   * died) stops sending to it ({@link JobRun#disconnectFrom}) and starts fencing the files of the
   * tasks that ran there, from the assignment it already holds, so HDFS's lease recovery overlaps
   * the takeover and the reassignment.
   */
  @Override
  public void onFail(MemberInfo m) {
    String worker = m.metadata().get(SwimWorkers.METADATA_KEY);
    if (worker == null || restartedAs(worker, m)) {
      return;
    }
    for (JobRun run : runs.values()) {
      Timeline.mark(run.id, "-", "verdict:" + worker);
      run.disconnectFrom(worker);
    }
    for (JobRun run : runs.values()) {
      Set<TaskKey> there = new TreeSet<>();
      run.assignment
          .workers()
          .forEach(
              (k, w) -> {
                if (w.equals(worker)) {
                  there.add(k);
                }
              });
      fencer.fenceMoved(run.id, run.plan, there);
    }
  }

  /**
   * Whether the worker already runs again as another swim member (it restarted before this verdict
   * about its old member arrived). Compared by member ID: the listener may run before swim's member
   * snapshot drops the failed member itself, and going by the worker ID alone then skipped the
   * verdict (senders waited out the 30 s credit wait on a paused worker).
   */
  private boolean restartedAs(String worker, MemberInfo failed) {
    for (MemberInfo other : membership.members()) {
      if (!other.id().equals(failed.id())
          && other.status().inGroup()
          && worker.equals(other.metadata().get(SwimWorkers.METADATA_KEY))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void onJoin(MemberInfo m) {
    backInGroup(m);
  }

  @Override
  public void onAlive(MemberInfo m) {
    backInGroup(m);
  }

  /** Sends to the worker resume (the verdict stopped them). */
  private void backInGroup(MemberInfo m) {
    String worker = m.metadata().get(SwimWorkers.METADATA_KEY);
    if (worker == null) {
      return;
    }
    for (JobRun run : runs.values()) {
      run.reconnectTo(worker);
    }
  }
}
