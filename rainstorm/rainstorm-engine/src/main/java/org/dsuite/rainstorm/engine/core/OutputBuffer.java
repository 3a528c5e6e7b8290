package org.dsuite.rainstorm.engine.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A task's outputs that were released (their log record is durable) and not yet acknowledged
 * downstream; plus, after a recovery, the source outputs logged without content that wait for their
 * line to be read again. Single-threaded, owned by {@link TaskCore}.
 *
 * <p>Two structures: outputs by ID in a {@link SeqIndex} (per-stream arrays by sequence number, for
 * the acks), and a queue in last-sent order (for the resend timer, which only looks at the oldest).
 * A send appends an entry to the queue stamped with a fresh ticket; an entry whose output was
 * acknowledged or sent again since (its ticket is no longer the output's) is stale and dropped when
 * it reaches the front, or when stale entries outnumber live ones. Outputs waiting for content are
 * not in the queue: nothing can be sent for them until the source offers their line.
 */
final class OutputBuffer {
  static final long NEVER_SENT = Long.MIN_VALUE;

  /** An output sent (or to be sent) and not yet acknowledged. */
  static final class Inflight {
    Output output;
    long lastSentMs;

    /** The source line whose content this output carries (logged without it), or -1. */
    final long sourceLine;

    /** The ticket of this output's live queue entry; 0 while it is in no queue (or not held). */
    private long ticket;

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

  private final SeqIndex<Inflight> byId = new SeqIndex<>();

  /**
   * Recovered outputs logged without content, by their source line; they wait (unsent) until the
   * restarted source offers that line again.
   */
  private final Map<Long, Inflight> awaitingContent = new HashMap<>();

  // The last-sent queue: a ring of (output, ticket) from `qHead`, `qSize` entries.
  private Inflight[] queue = new Inflight[64];
  private long[] tickets = new long[64];
  private int qHead;
  private int qSize;
  private long nextTicket = 1;

  private long outputsResent;

  int size() {
    return byId.size();
  }

  /** Outputs that wait for their content: they do not count against the bound. */
  int awaiting() {
    return awaitingContent.size();
  }

  /** The lowest source line whose output waits for its content, or {@code Long.MAX_VALUE}. */
  long lowestAwaitingLine() {
    long low = Long.MAX_VALUE;
    for (long line : awaitingContent.keySet()) {
      low = Math.min(low, line);
    }
    return low;
  }

  /** Adds a released or recovered output (at the end of the last-sent order). */
  void track(Inflight f) {
    Inflight replaced = byId.put(f.output.id(), f);
    if (replaced != null && replaced != f) {
      replaced.ticket = 0; // the same ID tracked again (recovery): only the newer one is held
      if (!replaced.output.hasContent()) {
        awaitingContent.remove(replaced.sourceLine, replaced);
      }
    }
    if (!f.output.hasContent()) {
      f.ticket = 0;
      awaitingContent.put(f.sourceLine, f);
    } else {
      enqueue(f);
    }
  }

  /** Removes an acknowledged output; true if it was held. */
  boolean remove(TupleId id) {
    Inflight f = byId.remove(id);
    if (f == null) {
      return false;
    }
    f.ticket = 0; // its queue entry, if any, is stale now
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
    Inflight f = awaitingContent.remove(line);
    if (f != null) {
      byId.remove(f.output.id());
    }
    return f;
  }

  /** Outputs unacknowledged for at least {@code timeoutMs}, sent again now (in {@code out}). */
  void resendDue(long nowMs, long timeoutMs, Actions.Builder out) {
    List<Inflight> due = null;
    while (qSize > 0) {
      Inflight f = queue[qHead];
      if (f.ticket == tickets[qHead]) {
        if (f.lastSentMs != NEVER_SENT && nowMs - f.lastSentMs < timeoutMs) {
          break; // the queue is in last-sent order, so the rest are younger
        }
        if (due == null) {
          due = new ArrayList<>();
        }
        due.add(f);
      }
      pollFront();
    }
    if (due != null) {
      resend(nowMs, due, out);
    }
  }

  /** Everything not acknowledged by downstream task {@code toTask}, sent again now. */
  void resendTo(long nowMs, int toTask, Actions.Builder out) {
    List<Inflight> due = new ArrayList<>();
    forEachQueued(
        f -> {
          if (f.output.toTask() == toTask) {
            due.add(f);
          }
        });
    resend(nowMs, due, out);
  }

  private void resend(long nowMs, List<Inflight> due, Actions.Builder out) {
    for (Inflight f : due) {
      if (f.lastSentMs != NEVER_SENT) {
        outputsResent++;
      }
      f.lastSentMs = nowMs;
      enqueue(f); // a new entry at the end: keeps last-sent order; the old one is stale
      out.send(f.output);
    }
  }

  /** The logged form of every held output (for a snapshot): waiting ones, then last-sent order. */
  void loggedInto(List<Output> all) {
    for (Inflight f : awaitingContent.values()) {
      all.add(f.logged());
    }
    forEachQueued(f -> all.add(f.logged()));
  }

  long outputsResent() {
    return outputsResent;
  }

  /** Entries in the last-sent queue, stale ones included (tests: memory stays bounded). */
  int queued() {
    return qSize;
  }

  private void forEachQueued(Consumer<Inflight> action) {
    int mask = queue.length - 1;
    for (int i = 0; i < qSize; i++) {
      int s = (qHead + i) & mask;
      if (queue[s].ticket == tickets[s]) {
        action.accept(queue[s]);
      }
    }
  }

  private void enqueue(Inflight f) {
    while (qSize > 0 && queue[qHead].ticket != tickets[qHead]) {
      pollFront(); // acknowledged in order: the front is usually stale
    }
    if (qSize == queue.length) {
      if (qSize >= 2 * byId.size() + 64) {
        compact();
      } else {
        growQueue();
      }
    }
    long t = nextTicket++;
    f.ticket = t;
    int s = (qHead + qSize) & (queue.length - 1);
    queue[s] = f;
    tickets[s] = t;
    qSize++;
  }

  private void pollFront() {
    queue[qHead] = null;
    qHead = (qHead + 1) & (queue.length - 1);
    qSize--;
  }

  /** Drops every stale entry, keeping the order of the live ones. */
  private void compact() {
    int mask = queue.length - 1;
    int n = 0;
    for (int i = 0; i < qSize; i++) {
      int s = (qHead + i) & mask;
      Inflight f = queue[s];
      long t = tickets[s];
      queue[s] = null;
      if (f.ticket == t) {
        int d = (qHead + n) & mask; // d <= s in ring order: never overwrites an unread entry
        queue[d] = f;
        tickets[d] = t;
        n++;
      }
    }
    qSize = n;
  }

  private void growQueue() {
    int cap = queue.length;
    Inflight[] q = new Inflight[cap * 2];
    long[] t = new long[cap * 2];
    for (int i = 0; i < qSize; i++) {
      q[i] = queue[(qHead + i) & (cap - 1)];
      t[i] = tickets[(qHead + i) & (cap - 1)];
    }
    queue = q;
    tickets = t;
    qHead = 0;
  }

  @Override
  public String toString() {
    return "OutputBuffer{held=" + byId.size() + ", queued=" + qSize + "}";
  }
}
