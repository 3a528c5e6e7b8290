package org.dsuite.rainstorm.engine.leader;

import java.time.Duration;
import org.dsuite.common.config.Settings;

/**
 * @param zkRoot the znode under which everything lives ({@link ZkLayout})
 * @param reconcileIntervalMs the leader re-checks every job's placement this often even without a
 *     ZooKeeper event (a safety net for a missed watch)
 * @param rejoinSettleMs a worker swim declared failed gets no new task for this long after the
 *     verdict, even if swim lists it again at once (a paused process that resumes, a flapping
 *     link): each task moved onto it and off again costs a log recovery, and a resumed worker's old
 *     ZooKeeper session may still expire after it is back (0 = use it as soon as swim lists it).
 *     Tasks a worker already runs stay. Keep it above the workers' ZooKeeper session timeout.
 */
public record LeaderConfig(String zkRoot, long reconcileIntervalMs, long rejoinSettleMs) {
  public static final String PREFIX = "rainstorm.leader.";

  public LeaderConfig {
    new ZkLayout(zkRoot); // validates
    if (reconcileIntervalMs < 10) {
      throw new IllegalArgumentException(PREFIX + "reconcile-interval-ms must be >= 10");
    }
    if (rejoinSettleMs < 0) {
      throw new IllegalArgumentException(PREFIX + "rejoin-settle-ms must be >= 0");
    }
  }

  /** With the default {@link #rejoinSettleMs}. */
  public LeaderConfig(String zkRoot, long reconcileIntervalMs) {
    this(zkRoot, reconcileIntervalMs, DEFAULT_REJOIN_SETTLE_MS);
  }

  /**
   * Longer than a worker's default ZooKeeper session (6 s), so a resumed worker whose old session
   * expires after it is back is not given tasks in between; short enough that a worker that really
   * came back takes a share of the load again soon.
   */
  static final long DEFAULT_REJOIN_SETTLE_MS = 10_000;

  /**
   * Defaults: one root per installation; 1 s reconcile keeps a missed event from delaying a
   * reschedule by more than a second while costing one small ZooKeeper read per job per second.
   */
  public static LeaderConfig defaults() {
    return new LeaderConfig("/rainstorm", 1_000);
  }

  public static LeaderConfig from(Settings s) {
    LeaderConfig d = defaults();
    return new LeaderConfig(
        s.nonEmpty(PREFIX + "zk-root", d.zkRoot),
        s.millis(
                PREFIX + "reconcile-interval-ms",
                Duration.ofMillis(d.reconcileIntervalMs),
                Duration.ofMillis(10),
                Duration.ofMinutes(10))
            .toMillis(),
        s.millis(
                PREFIX + "rejoin-settle-ms",
                Duration.ofMillis(d.rejoinSettleMs),
                Duration.ZERO,
                Duration.ofHours(1))
            .toMillis());
  }
}
