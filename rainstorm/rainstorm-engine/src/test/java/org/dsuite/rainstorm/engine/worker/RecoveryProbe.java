package org.dsuite.rainstorm.engine.worker;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.zookeeper.data.Stat;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.leader.Assignment;
import org.dsuite.rainstorm.engine.leader.JobState;
import org.dsuite.rainstorm.engine.leader.JobStore;
import org.dsuite.rainstorm.engine.leader.TaskProgress;

/**
 * Measures, from ZooKeeper, how a job recovers after workers are SIGKILLed, next to swim's
 * detection time as the test JVM's own swim member saw it (all from the kill):
 *
 * <ul>
 *   <li>detection: the later of the killed workers' {@code onFail};
 *   <li>new leader (leader killed only): a standby claimed the next leader epoch;
 *   <li>reassigned: the assignment names no killed worker;
 *   <li>flowing again: every task that was on a killed worker reports from a live worker under the
 *       new assignment, and the sink has processed more inputs since (or the job is DONE).
 * </ul>
 *
 * Each timeline is appended to {@code target/rainstorm-recovery.txt}.
 */
final class RecoveryProbe {
  /** Seconds from the kill; {@code newLeader} is NaN when the leader survived. */
  record Timeline(
      List<String> dead, double detection, double newLeader, double reassigned, double flowing) {
    String line(String name) {
      return String.format(
          "%s: SIGKILL %s -> swim detection %.2f s, new leader %s, reassigned %.2f s, output"
              + " flowing again %.2f s (%.2f x detection)%n",
          name,
          dead,
          detection,
          Double.isNaN(newLeader) ? "-" : String.format("%.2f s", newLeader),
          reassigned,
          flowing,
          flowing / detection);
    }
  }

  private final WorkerCluster c;
  private final JobStore store;
  private final String id;
  private final List<String> dead;
  private final boolean leaderKilled;
  private final Set<TaskKey> moved = new HashSet<>();
  private final TaskKey sink;
  private final int epochBefore;
  private final long killedAt;

  /** Call right before the kill. */
  RecoveryProbe(
      WorkerCluster c,
      JobStore store,
      String id,
      Assignment before,
      List<String> dead,
      boolean leaderKilled)
      throws Exception {
    this.c = c;
    this.store = store;
    this.id = id;
    this.dead = dead;
    this.leaderKilled = leaderKilled;
    before
        .workers()
        .forEach(
            (k, w) -> {
              if (dead.contains(w)) {
                moved.add(k);
              }
            });
    this.sink = before.workers().keySet().stream().max(TaskKey::compareTo).orElseThrow();
    Stat st = c.zk.checkExists().forPath(c.layout().leaderEpoch());
    this.epochBefore = st == null ? -1 : st.getVersion();
    this.killedAt = System.nanoTime();
  }

  Timeline measure(String name) throws Exception {
    double[] newLeader = {leaderKilled ? -1 : Double.NaN};
    double[] reassigned = {-1};
    long[] sinkInputs = {-1};
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              if (newLeader[0] < 0 && leaderEpoch() > epochBefore) {
                newLeader[0] = since();
              }
              JobState state = store.state(id);
              if (state == JobState.DONE) {
                return true;
              }
              if (state.isFinal()) {
                throw new AssertionError("job " + state + ": " + store.stateMessage(id));
              }
              Assignment now = store.assignment(id).assignment().orElseThrow();
              if (dead.stream().anyMatch(now.workers()::containsValue)) {
                return false;
              }
              if (reassigned[0] < 0) {
                reassigned[0] = since();
              }
              return flowing(now, sinkInputs);
            });
    double flowing = since();
    if (reassigned[0] < 0) {
      reassigned[0] = flowing; // the job ended first
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> c.swimFailedAtNanos.keySet().containsAll(dead));
    double detection =
        dead.stream().mapToLong(c.swimFailedAtNanos::get).max().orElseThrow() / 1e9
            - killedAt / 1e9;
    Timeline t = new Timeline(dead, detection, newLeader[0], reassigned[0], flowing);
    String line = t.line(name);
    System.out.print(line);
    Files.writeString(
        Path.of("target", "rainstorm-recovery.txt"),
        line,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    return t;
  }

  private double since() {
    return (System.nanoTime() - killedAt) / 1e9;
  }

  private int leaderEpoch() throws Exception {
    Stat st = c.zk.checkExists().forPath(c.layout().leaderEpoch());
    return st == null ? -1 : st.getVersion();
  }

  private boolean flowing(Assignment now, long[] sinkInputs) throws Exception {
    Map<TaskKey, JobStore.Report> p = store.progress(id);
    for (TaskKey k : moved) {
      JobStore.Report r = p.get(k);
      if (r == null || r.progress().epoch() < now.epoch() || dead.contains(r.progress().worker())) {
        return false;
      }
    }
    TaskProgress s = p.get(sink).progress();
    if (s.epoch() < now.epoch() || dead.contains(s.worker())) {
      return false;
    }
    if (sinkInputs[0] < 0) {
      sinkInputs[0] = s.inputs();
      return false;
    }
    return s.inputs() > sinkInputs[0];
  }
}
