package org.dsuite.rainstorm.engine.leader;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dsuite.swim.api.MemberInfo;
import org.dsuite.swim.api.Membership;

/**
 * Which RainStorm workers swim considers in the group. A worker announces its worker ID in its swim
 * member's metadata under {@link #METADATA_KEY}; a member that swim declared failed or that left is
 * no longer listed by {@link Membership#members()}, so its worker drops out here within swim's
 * detection time. A suspected member still counts: it may refute, and moving its tasks on a mere
 * suspicion would restart them (and re-read their logs) for nothing.
 */
public final class SwimWorkers {
  /** The swim metadata key whose value is this member's RainStorm worker ID. */
  public static final String METADATA_KEY = "rainstorm.worker";

  private SwimWorkers() {}

  /** The metadata a worker's swim member announces. */
  public static Map<String, String> metadata(String workerId) {
    return Map.of(METADATA_KEY, ZkLayout.checkName(workerId));
  }

  /**
   * {@code live} without the workers swim declared failed less than {@code settle} before {@code
   * now} ({@code failedAt}: worker to the time of its last verdict, in the same unit), unless that
   * would leave no worker at all: a worker that is back after a verdict gets new tasks only once it
   * has stayed.
   */
  public static Set<String> settled(
      Set<String> live, Map<String, Long> failedAt, long now, long settle) {
    Set<String> out = new TreeSet<>();
    for (String w : live) {
      Long failed = failedAt.get(w);
      if (failed == null || now - failed >= settle) {
        out.add(w);
      }
    }
    return out.isEmpty() ? live : out;
  }

  /** Worker IDs of the members swim currently has in the group (alive or suspect). */
  public static Set<String> inGroup(Membership membership) {
    Set<String> out = new TreeSet<>();
    for (MemberInfo m : membership.members()) {
      String id = m.metadata().get(METADATA_KEY);
      if (id != null && m.status().inGroup()) {
        out.add(id);
      }
    }
    return out;
  }
}
