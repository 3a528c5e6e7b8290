package org.dsuite.rainstorm.engine.worker;

import java.util.HashMap;
import java.util.Map;

/**
 * Notices a task that has stopped making progress, so a stalled job's worker logs say which task
 * waits and for what instead of nothing. Pure: the caller passes the time and what the task has
 * processed at each periodic report, and logs what {@link #stalled} returns.
 *
 * <p>A task counts as stalled once it is not quiet and its processed-input count has not moved for
 * {@code limitNanos}; it is reported then and again every {@code limitNanos} while it stays so.
 */
final class StallWatch<K> {
  private final long limitNanos;
  private final Map<K, Seen> seen = new HashMap<>();

  private static final class Seen {
    long progress;
    long sinceNanos;
    long warnedNanos;
    final boolean quiet;

    Seen(long progress, boolean quiet, long sinceNanos) {
      this.progress = progress;
      this.quiet = quiet;
      this.sinceNanos = sinceNanos;
      this.warnedNanos = sinceNanos;
    }
  }

  StallWatch(long limitNanos) {
    if (limitNanos < 1) {
      throw new IllegalArgumentException("limit must be >= 1 ns: " + limitNanos);
    }
    this.limitNanos = limitNanos;
  }

  /**
   * Records {@code key}'s progress (any number that grows while it works) at {@code nowNanos}.
   *
   * @return how long it has made no progress, in ms, if that is due to be reported now; else -1
   */
  long stalled(K key, long progress, boolean quiet, long nowNanos) {
    Seen s = seen.get(key);
    if (s == null || s.progress != progress || s.quiet || quiet) {
      seen.put(key, new Seen(progress, quiet, nowNanos));
      return -1;
    }
    if (nowNanos - s.warnedNanos < limitNanos) {
      return -1;
    }
    s.warnedNanos = nowNanos;
    return (nowNanos - s.sinceNanos) / 1_000_000L;
  }

  /**
   * As {@link #stalled(Object, long, boolean, long)} for a key with nothing to count right now (a
   * task assigned here but not running): its last progress stands, so a task that keeps failing and
   * restarting without processing anything is reported, not reset by each restart.
   */
  long stalledIdle(K key, long nowNanos) {
    Seen s = seen.get(key);
    return stalled(key, s == null ? Long.MIN_VALUE : s.progress, false, nowNanos);
  }

  /** Forgets keys no longer watched (a task that moved away or stopped). */
  void retain(java.util.Collection<K> keys) {
    seen.keySet().retainAll(keys);
  }
}
