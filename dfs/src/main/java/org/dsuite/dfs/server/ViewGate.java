package org.dsuite.dfs.server;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.dsuite.dfs.core.Ring;
import org.dsuite.dfs.core.RingNode;
import org.dsuite.dfs.core.ViewCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds coordination back until this server's view of the ring is complete ({@link ViewCheck}):
 * after joining it asks the other servers in its view for theirs, every {@value #CHECK_INTERVAL_MS}
 * ms and on every ring change, until the check passes. From then on the view is kept current by
 * swim, and a write is still acknowledged only by replicas whose views agree on the replica set.
 * Until then client operations wait (and answer UNAVAILABLE, which clients retry, if it takes too
 * long), the syncer neither pushes nor drops nor confirms copies, and replica calls are served as
 * usual.
 */
final class ViewGate implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ViewGate.class);

  /** How often an incomplete view is checked again (a round is one small call per server). */
  static final long CHECK_INTERVAL_MS = 100;

  private final Supplier<Ring> ring;
  private final Supplier<String> selfId;
  private final ReplicaClient peers;
  private final long startedAtMs = System.currentTimeMillis();
  private final Thread thread;
  private volatile boolean complete;
  private volatile boolean closed;

  ViewGate(Supplier<Ring> ring, Supplier<String> selfId, ReplicaClient peers) {
    this.ring = ring;
    this.selfId = selfId;
    this.peers = peers;
    this.thread = new Thread(this::loop, "hydfs-view-check");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Whether this server's view has passed the check (for good). */
  boolean complete() {
    return complete;
  }

  /**
   * Whether this server may coordinate now: its view passed the check, or it is alone in its view
   * (then it can only place files on itself, which nobody else can contradict).
   */
  boolean open() {
    if (complete) {
      return true;
    }
    Ring r = ring.get();
    return r.size() == 1 && r.contains(selfId.get());
  }

  /** Waits up to {@code timeoutMs} for {@link #open()}; returns whether it is. */
  boolean awaitOpen(long timeoutMs) throws IOException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    synchronized (this) {
      while (!open()) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0 || closed) {
          return false;
        }
        try {
          wait(Math.min(left, CHECK_INTERVAL_MS));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted");
        }
      }
    }
    return true;
  }

  /** What a caller is told while the gate is shut. */
  String refusal() {
    return "this server joined "
        + (System.currentTimeMillis() - startedAtMs)
        + " ms ago and has not yet confirmed that its view of the HyDFS servers is complete;"
        + " retry, or ask another server";
  }

  /** The ring changed: check again now. */
  void ringChanged() {
    synchronized (this) {
      notifyAll();
    }
  }

  private void loop() {
    while (!closed && !complete) {
      Ring r = ring.get();
      String self = selfId.get();
      ViewCheck.Verdict v = ViewCheck.decide(self, ids(r), ask(r, self));
      if (v == ViewCheck.Verdict.COMPLETE && r.equals(ring.get())) {
        complete = true;
        log.info(
            "view of {} HyDFS servers confirmed complete {} ms after start: coordinating",
            r.size(),
            System.currentTimeMillis() - startedAtMs);
      }
      synchronized (this) {
        notifyAll();
        if (!complete && !closed) {
          try {
            wait(CHECK_INTERVAL_MS);
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }
  }

  private Map<String, ViewCheck.PeerView> ask(Ring r, String self) {
    Map<String, ViewCheck.PeerView> answers = new HashMap<>();
    if (r.size() <= 1) {
      return answers;
    }
    for (RingNode n : r.nodes()) {
      if (n.id().equals(self)) {
        continue;
      }
      try {
        ViewCheck.PeerView pv = peers.view(n.address());
        answers.put(n.id(), pv);
        if (pv.complete() && ids(r).containsAll(pv.ring())) {
          break; // one complete server that knows no one unknown here is enough
        }
      } catch (IOException e) {
        log.debug("view of {} unavailable: {}", n.id(), e.toString());
      }
    }
    return answers;
  }

  private static Set<String> ids(Ring r) {
    Set<String> ids = new HashSet<>();
    for (RingNode n : r.nodes()) {
      ids.add(n.id());
    }
    return ids;
  }

  @Override
  public void close() {
    closed = true;
    synchronized (this) {
      notifyAll();
    }
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
