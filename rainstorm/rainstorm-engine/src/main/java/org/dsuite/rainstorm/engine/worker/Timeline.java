package org.dsuite.rainstorm.engine.worker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a task's (re)start spends its time: one worker-log line per step, {@code recovery-timeline
 * job=J task=K event=E at=WALL_MS} (the task log writer adds {@code log-read}, {@code segment} and
 * {@code durable} in the same form). Wall-clock milliseconds, so lines from several workers on one
 * host line up with each other and with a test's kill; the recovery benchmark ({@code
 * RecoveryProbe}) turns them into its per-step breakdown. A few lines per task start, none per
 * tuple.
 *
 * <p>Events, in order: {@code verdict} (swim declared a worker failed, {@code task=-}), {@code
 * assigned} (this worker saw an assignment that starts the task here), {@code starter} (a starter
 * thread took it), {@code fenced} (HDFS closed the old incarnation's files), {@code log-read}
 * (snapshot and log tail read), {@code segment} (new log segment open), {@code started} (source or
 * sink open, task running), {@code resumed} (first new input processed), {@code durable} (first
 * records of the new incarnation durable).
 */
final class Timeline {
  private static final Logger log = LoggerFactory.getLogger(Timeline.class);

  private Timeline() {}

  static void mark(String job, Object task, String event) {
    log.info("recovery-timeline job={} task={} event={} at={}", job, task, event, now());
  }

  static long now() {
    return System.currentTimeMillis();
  }
}
