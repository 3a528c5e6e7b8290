package org.dsuite.swim.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberId;

/**
 * The running suspicion timers, exactly one per SUSPECT row, in the order they started. Kept apart
 * from the rows because only suspects need one (a handful among thousands of members).
 */
final class Suspects {
  private final SwimConfig cfg;
  private final Map<MemberId, Suspicion> byId = new LinkedHashMap<>();

  Suspects(SwimConfig cfg) {
    this.cfg = cfg;
  }

  /**
   * Starts (or restarts, at a higher incarnation) the timer of {@code id}, raised by {@code
   * origin}, in a group of {@code n} members: min = multiplier x max(1, log10 n) x T; with
   * Lifeguard it starts at β x min and falls towards min as up to k other members confirm it.
   */
  void start(MemberId id, MemberId origin, int n, long nowMs) {
    long min = Timeouts.suspicionMinMs(cfg.suspicionMultiplier(), n, cfg.probeIntervalMs());
    long max = cfg.lifeguard() ? (long) Math.ceil(cfg.suspicionMaxMultiplier() * min) : min;
    int expected = cfg.lifeguard() ? Math.max(0, Math.min(cfg.indirectChecks(), n - 2)) : 0;
    byId.put(id, new Suspicion(nowMs, origin, expected, min, max));
  }

  /** True if {@code origin} is a new independent confirmation of the suspicion of {@code id}. */
  boolean confirm(MemberId id, MemberId origin) {
    return byId.get(id).confirm(origin);
  }

  /** Who raised the suspicion of {@code id} that this member heard first. */
  MemberId origin(MemberId id) {
    return byId.get(id).origin();
  }

  void remove(MemberId id) {
    byId.remove(id);
  }

  boolean isEmpty() {
    return byId.isEmpty();
  }

  int size() {
    return byId.size();
  }

  Set<MemberId> ids() {
    return byId.keySet();
  }

  /** The suspects whose timer ran out by {@code nowMs}. */
  List<MemberId> due(long nowMs) {
    if (byId.isEmpty()) {
      return List.of();
    }
    List<MemberId> due = new ArrayList<>();
    for (Map.Entry<MemberId, Suspicion> e : byId.entrySet()) {
      if (nowMs >= e.getValue().deadlineMs()) {
        due.add(e.getKey());
      }
    }
    return due;
  }

  /** The earliest deadline, or {@code Long.MAX_VALUE} if nobody is suspected. */
  long nextDeadlineMs() {
    long t = Long.MAX_VALUE;
    Collection<Suspicion> all = byId.values();
    for (Suspicion s : all) {
      t = Math.min(t, s.deadlineMs());
    }
    return t;
  }
}
