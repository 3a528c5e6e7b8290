package org.dsuite.rainstorm.engine.worker;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns, with the thread's stack, when the worker's loop thread has spent longer than a limit in
 * one piece of work. Everything a worker does about assignments (start and stop tasks, report
 * progress, re-register) runs on that one thread, so a call that blocks there (an HDFS call of a
 * task being stopped, a ZooKeeper call without a session) stops the worker following its jobs; from
 * outside that looks like a stalled job with nothing in the logs.
 */
final class LoopWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LoopWatch.class);

  private final long limitNanos;
  private final ScheduledExecutorService checker;
  private volatile Thread thread;
  private volatile String what = "";
  private volatile long busySinceNanos; // 0 while idle
  private long warnedNanos; // checker thread only

  LoopWatch(String workerId, long limitMs) {
    this.limitNanos = limitMs * 1_000_000L;
    this.checker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rainstorm-loop-watch-" + workerId);
              t.setDaemon(true);
              return t;
            });
    long period = Math.max(1, limitMs / 4);
    checker.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  /** {@code r}, timed while it runs. */
  Runnable watched(String name, Runnable r) {
    return () -> {
      thread = Thread.currentThread();
      what = name;
      busySinceNanos = System.nanoTime() | 1;
      try {
        r.run();
      } finally {
        busySinceNanos = 0;
      }
    };
  }

  private void check() {
    long since = busySinceNanos;
    long now = System.nanoTime();
    if (since == 0 || now - since < limitNanos || now - warnedNanos < limitNanos) {
      return;
    }
    warnedNanos = now;
    Thread t = thread;
    StringBuilder stack = new StringBuilder();
    if (t != null) {
      for (StackTraceElement e : t.getStackTrace()) {
        stack.append("\n\tat ").append(e);
      }
    }
    log.warn(
        "worker loop busy for {} ms in {} (nothing else is followed meanwhile):{}",
        (now - since) / 1_000_000L,
        what,
        stack);
  }

  @Override
  public void close() {
    checker.shutdownNow();
  }
}
