package org.dsuite.dfs.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which local copies this server may serve to coordinated reads. A copy is <em>unconfirmed</em>
 * from the moment it may be missing acknowledged appends: every copy found on disk at start-up (the
 * node may have been down while others took appends), a copy of a file this server has just become
 * a replica of again, and a copy that arrived by re-replication (it is filled block by block). The
 * syncer confirms a copy once it covers the state of every other replica in the view; until then a
 * read of it answers BEHIND and the coordinator asks another replica.
 *
 * <p>Each suspicion gets a fresh token, and {@link #confirm} only clears the token it saw before it
 * compared states, so a suspicion raised while the syncer was comparing is not lost.
 */
final class Freshness {
  private final ConcurrentHashMap<String, Long> unconfirmed = new ConcurrentHashMap<>();
  private final AtomicLong tokens = new AtomicLong();

  /** Marks {@code name}'s local copy as possibly stale. */
  void suspect(String name) {
    unconfirmed.put(name, tokens.incrementAndGet());
  }

  /** The current suspicion token of {@code name}, or 0 if its copy is confirmed. */
  long token(String name) {
    Long t = unconfirmed.get(name);
    return t == null ? 0 : t;
  }

  /** Confirms {@code name}'s copy unless it was suspected again after {@code token} was read. */
  void confirm(String name, long token) {
    if (token != 0) {
      unconfirmed.remove(name, token);
    }
  }

  /** The copy was dropped: nothing left to confirm. */
  void forget(String name) {
    unconfirmed.remove(name);
  }

  boolean confirmed(String name) {
    return !unconfirmed.containsKey(name);
  }

  int unconfirmedCount() {
    return unconfirmed.size();
  }
}
