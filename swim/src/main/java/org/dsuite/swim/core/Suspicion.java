package org.dsuite.swim.core;

import java.util.HashSet;
import java.util.Set;
import org.dsuite.swim.api.MemberId;

/**
 * A running suspicion: Lifeguard counts distinct suspecting members; each independent confirmation
 * brings the deadline closer ({@link Timeouts#remainingSuspicionMs}).
 */
final class Suspicion {
  private final long startMs;
  private final int expected;
  private final long minMs;
  private final long maxMs;
  private final MemberId origin;
  private final Set<MemberId> suspecters = new HashSet<>();

  Suspicion(long startMs, MemberId origin, int expected, long minMs, long maxMs) {
    this.startMs = startMs;
    this.expected = expected;
    this.minMs = minMs;
    this.maxMs = maxMs;
    this.origin = origin;
    suspecters.add(origin);
  }

  /**
   * Who raised the suspicion this member heard first. Anti-entropy passes it on unchanged: a full
   * state exchange repeats what the sender heard, it is no independent confirmation.
   */
  MemberId origin() {
    return origin;
  }

  /** True if {@code origin} is a new independent confirmation. */
  boolean confirm(MemberId origin) {
    return suspecters.size() <= expected && suspecters.add(origin);
  }

  long deadlineMs() {
    int confirmations = suspecters.size() - 1;
    return startMs + Timeouts.remainingSuspicionMs(confirmations, expected, 0, minMs, maxMs);
  }
}
