package org.dsuite.rainstorm.engine.cli;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.leader.Assignment;
import org.dsuite.rainstorm.engine.leader.JobRecord;
import org.dsuite.rainstorm.engine.leader.JobState;
import org.dsuite.rainstorm.engine.leader.JobStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code status JOB}, {@code list} and {@code kill JOB}. */
final class JobCommands {
  private JobCommands() {}

  @Command(name = "status", description = "Shows a job's state, tasks and where they run.")
  static final class Status implements Callable<Integer> {
    @Mixin RainstormMain.ZkOptions zk = new RainstormMain.ZkOptions();

    @Parameters(index = "0", paramLabel = "JOB")
    String job;

    @Override
    public Integer call() throws Exception {
      try (CuratorFramework c = zk.connect()) {
        JobStore store = zk.store(c);
        Optional<JobRecord> rec = store.job(job);
        if (rec.isEmpty()) {
          System.err.println("rainstorm: no job " + job);
          return 1;
        }
        String msg = store.stateMessage(job);
        System.out.println(job + " " + store.state(job) + (msg.isEmpty() ? "" : " (" + msg + ")"));
        System.out.println("args: " + String.join(" ", rec.get().args()));
        Optional<Assignment> a = store.assignment(job).assignment();
        Map<TaskKey, JobStore.Report> progress = store.progress(job);
        System.out.println("epoch: " + a.map(Assignment::epoch).orElse(0L));
        String leader = store.leaderId();
        System.out.println(
            "leader: "
                + (leader.isEmpty() ? "none" : leader)
                + " (leader epoch "
                + store.leaderEpoch()
                + ")");
        for (TaskKey t : rec.get().tasks()) {
          String where = a.map(x -> x.workers().get(t)).orElse("-");
          JobStore.Report r = progress.get(t);
          System.out.println(
              "task "
                  + t
                  + " on "
                  + where
                  + (r == null
                      ? " (no report)"
                      : " inputs="
                          + r.progress().inputs()
                          + (r.progress().quiet() ? " quiet" : " busy")
                          + (r.progress().failure().isEmpty()
                              ? ""
                              : " failed: " + r.progress().failure())));
        }
        return 0;
      }
    }
  }

  @Command(name = "list", description = "Lists jobs and their states.")
  static final class ListJobs implements Callable<Integer> {
    @Mixin RainstormMain.ZkOptions zk = new RainstormMain.ZkOptions();

    @Override
    public Integer call() throws Exception {
      try (CuratorFramework c = zk.connect()) {
        JobStore store = zk.store(c);
        for (String id : store.jobIds()) {
          Optional<JobRecord> rec = store.job(id);
          System.out.println(
              id
                  + "\t"
                  + store.state(id)
                  + "\t"
                  + rec.map(r -> String.join(" ", r.args())).orElse(""));
        }
        return 0;
      }
    }
  }

  @Command(name = "kill", description = "Stops a running job (its output stays as it is).")
  static final class Kill implements Callable<Integer> {
    @Mixin RainstormMain.ZkOptions zk = new RainstormMain.ZkOptions();

    @Parameters(index = "0", paramLabel = "JOB")
    String job;

    @Override
    public Integer call() throws Exception {
      try (CuratorFramework c = zk.connect()) {
        JobStore store = zk.store(c);
        if (store.job(job).isEmpty()) {
          System.err.println("rainstorm: no job " + job);
          return 1;
        }
        while (true) {
          JobStore.VersionedState s = store.versionedState(job);
          if (s.state().isFinal()) {
            System.out.println(job + " is already " + s.state());
            return 0;
          }
          // Conditional on the state read: a job that finished in between stays as it finished.
          if (store.finish(job, JobState.KILLED, "killed by user", s.version())) {
            System.out.println(job + " KILLED");
            return 0;
          }
        }
      }
    }
  }
}
