package org.dsuite.rainstorm.engine.leader;

import java.time.Duration;
import org.dsuite.common.config.Settings;

/**
 * @param zkRoot the znode under which everything lives ({@link ZkLayout})
 * @param reconcileIntervalMs the leader re-checks every job's placement this often even without a
 *     ZooKeeper event (a safety net for a missed watch)
 */
public record LeaderConfig(String zkRoot, long reconcileIntervalMs) {
  public static final String PREFIX = "rainstorm.leader.";

  public LeaderConfig {
    new ZkLayout(zkRoot); // validates
    if (reconcileIntervalMs < 10) {
      throw new IllegalArgumentException(PREFIX + "reconcile-interval-ms must be >= 10");
    }
  }

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
            .toMillis());
  }
}
