package org.dsuite.rainstorm.engine.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task's outputs that were released (their log record is durable) and not yet acknowledged
 * downstream, kept in last-sent order so the resend timer only looks at the oldest; plus, after a
 * recovery, the source outputs logged without content that wait for their line to be read again.
 * Single-threaded, owned by {@link TaskCore}.
 */
final class OutputBuffer {
  static final long NEVER_SENT = Long.MIN_VALUE;

  /** An output sent (or to be sent) and not yet acknowledged. */
  static final class Inflight {
    Output output;
    long lastSentMs;

    /** The source line whose content this output carries (logged without it), or -1. */
    final long sourceLine;

    Inflight(Output output, long lastSentMs, long sourceLine) {
      this.output = output;
      this.lastSentMs = lastSentMs;
      this.sourceLine = sourceLine;
    }

    /** The form a log record or snapshot holds. */
    Output logged() {
      return sourceLine < 0 ? output : Output.contentless(output.id(), output.toTask(), sourceLine);
    }
  }

  final LinkedHashMap<TupleId, Inflight> unacked = new LinkedHashMap<>();

  /**
   * Recovered outputs logged without content, by their source line; they wait (unsent) until the
   * restarted source offers that line again.
   */
  final Map<Long, TupleId> awaitingContent = new HashMap<>();

  private long outputsResent;

  int size() {
    return unacked.size();
  }

  /** Outputs that wait for their content: they do not count against the bound. */
  int awaiting() {
    return awaitingContent.size();
  }

  /** Adds a released or recovered output (at the end of the last-sent order). */
  void track(Inflight f) {
    unacked.put(f.output.id(), f);
    if (!f.output.hasContent()) {
      awaitingContent.put(f.sourceLine, f.output.id());
    }
  }

  /** Removes an acknowledged output; true if it was held. */
  boolean remove(TupleId id) {
    Inflight f = unacked.remove(id);
    if (f == null) {
      return false;
    }
    if (!f.output.hasContent()) {
      awaitingContent.remove(f.sourceLine);
    }
    return true;
  }

  /**
   * The source offered a line again whose recovered output waits for content: returns that output
   * (removed from the buffer; the caller refills and re-tracks it), or null.
   */
  Inflight takeAwaiting(long line) {
    if (awaitingContent.isEmpty()) {
      return null;
    }
    TupleId id = awaitingContent.remove(line);
    return id == null ? null : unacked.remove(id);
  }

  /** Outputs unacknowledged for at least {@code timeoutMs}, sent again now (in {@code out}). */
  void resendDue(long nowMs, long timeoutMs, Actions.Builder out) {
    List<Inflight> due = new ArrayList<>();
    for (Iterator<Inflight> it = unacked.values().iterator(); it.hasNext(); ) {
      Inflight f = it.next();
      if (f.lastSentMs != NEVER_SENT && nowMs - f.lastSentMs < timeoutMs) {
        break; // entries are kept in last-sent order, so the rest are younger
      }
      if (!f.output.hasContent()) {
        continue; // sent once the source offers its line again
      }
      due.add(f);
      it.remove();
    }
    resend(nowMs, due, out);
  }

  /** Everything not acknowledged by downstream task {@code toTask}, sent again now. */
  void resendTo(long nowMs, int toTask, Actions.Builder out) {
    List<Inflight> due = new ArrayList<>();
    for (Iterator<Inflight> it = unacked.values().iterator(); it.hasNext(); ) {
      Inflight f = it.next();
      if (f.output.toTask() == toTask && f.output.hasContent()) {
        due.add(f);
        it.remove();
      }
    }
    resend(nowMs, due, out);
  }

  private void resend(long nowMs, List<Inflight> due, Actions.Builder out) {
    for (Inflight f : due) {
      if (f.lastSentMs != NEVER_SENT) {
        outputsResent++;
      }
      f.lastSentMs = nowMs;
      unacked.put(f.output.id(), f); // re-inserted at the end: keeps last-sent order
      out.send(f.output);
    }
  }

  /** The logged form of every held output, in last-sent order (for a snapshot). */
  void loggedInto(List<Output> all) {
    for (Inflight f : unacked.values()) {
      all.add(f.logged());
    }
  }

  long outputsResent() {
    return outputsResent;
  }
}
