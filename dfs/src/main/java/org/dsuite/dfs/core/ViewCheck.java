package org.dsuite.dfs.core;

import java.util.Map;
import java.util.Set;

/**
 * Whether a server that has just joined may coordinate: its view of the HyDFS servers must be
 * complete, or it would place files on the wrong replicas (a read could then answer "no such file"
 * for a file that exists, or come from a copy that no longer takes appends). Swim's join reply and
 * gossip fill a new member's view within moments, but not atomically; this rule decides from what
 * the other servers in the view report about theirs.
 *
 * <p>The view is complete when no server that answered knows a HyDFS server this one does not, and
 * either one of them is itself complete (its view was checked the same way, so nothing it lacks can
 * be missing here) or every other server in this view answered (then no one known here knows of
 * anyone else). A server alone in its view has nobody to ask: it may coordinate only its own files
 * (a write still needs {@code dfs.min-write-replicas} servers), and it must check again as soon as
 * another server appears.
 */
public final class ViewCheck {
  private ViewCheck() {}

  /** What another server reported: whether its own view is complete, and its ring's IDs. */
  public record PeerView(boolean complete, Set<String> ring) {
    public PeerView {
      ring = Set.copyOf(ring);
    }
  }

  public enum Verdict {
    /** No other server in the view: nothing to compare with (not a lasting state). */
    ALONE,
    COMPLETE,
    INCOMPLETE
  }

  /**
   * @param self this server's ID
   * @param mine the IDs on this server's ring (normally including {@code self})
   * @param answers the answers of the other servers in {@code mine} that replied; a server that did
   *     not reply is absent
   */
  public static Verdict decide(String self, Set<String> mine, Map<String, PeerView> answers) {
    int others = 0;
    for (String id : mine) {
      if (!id.equals(self)) {
        others++;
      }
    }
    if (others == 0) {
      return Verdict.ALONE;
    }
    boolean vouched = false;
    int answered = 0;
    for (Map.Entry<String, PeerView> e : answers.entrySet()) {
      if (e.getKey().equals(self) || !mine.contains(e.getKey())) {
        continue; // not a peer of this view: its answer says nothing about it
      }
      answered++;
      for (String id : e.getValue().ring()) {
        if (!id.equals(self) && !mine.contains(id)) {
          return Verdict.INCOMPLETE;
        }
      }
      vouched |= e.getValue().complete();
    }
    return vouched || answered == others ? Verdict.COMPLETE : Verdict.INCOMPLETE;
  }
}
