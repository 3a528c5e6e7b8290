package org.dsuite.rainstorm.engine.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.data.Stat;
import org.dsuite.rainstorm.api.job.DeliveryMode;
import org.dsuite.rainstorm.api.job.JobSpec;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.io.UriFileSystems;
import org.dsuite.rainstorm.engine.leader.Assignment;
import org.dsuite.rainstorm.engine.leader.JobState;
import org.dsuite.rainstorm.engine.leader.JobStore;
import org.dsuite.rainstorm.engine.leader.ZkLayout;
import org.dsuite.rainstorm.engine.task.StagePlan;
import org.dsuite.rainstorm.engine.task.stats.TaskStatsStore;

/**
 * Follows a submitted job until it ends: samples its progress and task stats every {@value
 * #SAMPLE_MS} ms, shows the progress line on stderr, streams the destination's lines to stdout as
 * the sink makes them final ({@link DestinationTail}), and writes the {@code --report} summary.
 */
final class JobFollower {
  /** Sampling period: fine enough to place the 10 % and 90 % input marks of a seconds-long job. */
  static final long SAMPLE_MS = 100;

  /** File-system calls wait at most this long for HDFS lease recovery (the follower does none). */
  private static final long LEASE_TIMEOUT_MS = 30_000;

  private final CuratorFramework zk;
  private final JobStore store;
  private final ZkLayout layout;
  private final TaskStatsStore stats;
  private final String id;
  private final JobSpec spec;
  private final SubmitCommand opts;

  JobFollower(
      CuratorFramework zk,
      JobStore store,
      ZkLayout layout,
      String id,
      JobSpec spec,
      SubmitCommand opts) {
    this.zk = zk;
    this.store = store;
    this.layout = layout;
    this.stats = new TaskStatsStore(zk, layout);
    this.id = id;
    this.spec = spec;
    this.opts = opts;
  }

  /** Returns the exit code: 0 DONE, 1 KILLED, 2 FAILED. */
  int follow() throws Exception {
    int sinkStage = StagePlan.of(spec).sinkStage();
    SubmitCommand.ProgressLine line = new SubmitCommand.ProgressLine(id, sinkStage);
    RunObserver obs = new RunObserver(sinkStage);
    long submittedAtMs = zk.checkExists().forPath(layout.state(id)).getCtime();
    obs.observe(submittedAtMs, Map.of(), Map.of());
    DestinationTail tail =
        opts.noOutput
            ? null
            : new DestinationTail(
                UriFileSystems.streams(spec.dest(), LEASE_TIMEOUT_MS), spec.dest(), System.out);
    long nextRender = 0;
    while (true) {
      // One read for the state and its mtime: a second read could see DONE while the stat still
      // shows the RUNNING state's times (the report's wall time would then be 0).
      Stat st = new Stat();
      JobState state = store.state(id, st);
      Map<TaskKey, JobStore.Report> progress = store.progress(id);
      obs.observe(System.currentTimeMillis(), progress, stats.read(id));
      Assignment a = store.assignment(id).assignment().orElse(new Assignment(0, Map.of()));
      long now = System.nanoTime();
      if (tail != null && !state.isFinal() && tail.behind(obs.sinkDurableBytes())) {
        clearProgressLine();
        try {
          tail.printUpTo(obs.sinkDurableBytes());
        } catch (IOException e) {
          // The job's outcome does not depend on the console: retry on the next sample.
          System.err.println("rainstorm: cannot read " + spec.dest() + " yet: " + e.getMessage());
        }
        nextRender = 0; // redraw the progress line below the new output
      }
      if (!opts.quietProgress && (now >= nextRender || state.isFinal())) {
        System.err.print("\r" + line.render(now, progress, a));
        System.err.flush();
        nextRender = now + opts.progressMs * 1_000_000L;
      }
      if (state.isFinal()) {
        if (!opts.quietProgress) {
          System.err.println();
        }
        return finish(state, st.getMtime(), submittedAtMs, obs, a, tail);
      }
      Thread.sleep(Math.min(SAMPLE_MS, Math.max(1, opts.progressMs)));
    }
  }

  private int finish(
      JobState state,
      long doneAtMs,
      long submittedAtMs,
      RunObserver obs,
      Assignment a,
      DestinationTail tail)
      throws Exception {
    String msg = store.stateMessage(id);
    if (state == JobState.DONE && tail != null) {
      tail.printRest();
    }
    JobReport r = report(state, doneAtMs, submittedAtMs, obs, a);
    System.err.println(r.summary());
    if (opts.report != null) {
      r.write(opts.report);
    }
    if (state == JobState.DONE) {
      return 0;
    }
    System.err.println("rainstorm: " + id + " " + state + (msg.isEmpty() ? "" : ": " + msg));
    return state == JobState.KILLED ? 1 : 2;
  }

  private JobReport report(
      JobState state, long doneAtMs, long submittedAtMs, RunObserver obs, Assignment a) {
    List<JobReport.TaskPlacement> tasks = new ArrayList<>();
    a.workers().forEach((t, w) -> tasks.add(new JobReport.TaskPlacement(t.stage(), t.task(), w)));
    long first = obs.firstOutputAtMs();
    long clock = obs.inputClockStartAtMs();
    long lastClock = obs.lastInputClockStartAtMs();
    return new JobReport(
        id,
        state,
        spec.mode() == DeliveryMode.EXACTLY_ONCE,
        spec.inputRateRecordsPerS() > 0 ? spec.inputRateRecordsPerS() : null,
        submittedAtMs,
        first >= 0 ? first : null,
        clock >= 0 ? clock : null,
        lastClock >= 0 ? lastClock : null,
        doneAtMs,
        obs.recordsIn(),
        obs.recordsOut(),
        obs.malformed(),
        obs.steadyThroughputRps(),
        obs.longestInputStallMs(),
        obs.longestOutputStallMs(),
        obs.latency(),
        obs.latencyTimeline(),
        stages(),
        tasks);
  }

  /** What each stage runs, in stage order. */
  private List<String> stages() {
    StagePlan plan = StagePlan.of(spec);
    List<String> out = new ArrayList<>();
    for (int s = 0; s <= plan.sinkStage(); s++) {
      out.add(plan.describe(s));
    }
    return out;
  }

  /**
   * On a terminal, erases the progress line (stderr, no newline) before output lines (stdout) are
   * printed, so they do not run into it; redirected, the two streams do not mix.
   */
  private void clearProgressLine() {
    if (!opts.quietProgress && System.console() != null) {
      System.err.print("\r\033[2K");
      System.err.flush();
    }
  }
}
