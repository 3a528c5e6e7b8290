package org.dsuite.swim.udp;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.dsuite.swim.api.MembershipListener;
import org.dsuite.swim.core.MemberEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events in order on one dedicated thread. The queue is bounded ({@link #QUEUE_MAX}): if
 * listeners stall that long, further events are counted as lost rather than stalling the protocol.
 */
final class EventDispatcher implements AutoCloseable {
  /** Events that may wait for a slow listener before new ones are dropped. */
  static final int QUEUE_MAX = 100_000;

  private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);
  private final List<MembershipListener> listeners;
  private final List<Consumer<MemberEvent>> rawListeners;
  private final ThreadPoolExecutor executor;
  private final AtomicLong lost = new AtomicLong();

  EventDispatcher(
      List<MembershipListener> listeners, List<Consumer<MemberEvent>> rawListeners, String name) {
    this.listeners = listeners;
    this.rawListeners = rawListeners;
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE_MAX),
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
  }

  void publish(MemberEvent e) {
    try {
      executor.execute(() -> deliver(e));
    } catch (RejectedExecutionException ex) {
      lost.incrementAndGet();
    }
  }

  long lost() {
    return lost.get();
  }

  private void deliver(MemberEvent e) {
    for (Consumer<MemberEvent> l : rawListeners) {
      try {
        l.accept(e);
      } catch (RuntimeException ex) {
        log.warn("event listener failed on {}", e.kind(), ex);
      }
    }
    for (MembershipListener l : listeners) {
      try {
        switch (e.kind()) {
          case JOIN -> l.onJoin(e.member());
          case SUSPECT -> l.onSuspect(e.member());
          case ALIVE -> l.onAlive(e.member());
          case FAIL -> l.onFail(e.member());
          case LEAVE -> l.onLeave(e.member());
          case SUSPICION_SWITCH -> {}
        }
      } catch (RuntimeException ex) {
        log.warn("membership listener failed on {}", e.kind(), ex);
      }
    }
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
