package org.dsuite.rainstorm.engine.task;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Wakes one consumer thread (a task's loop) only when it may be parked, so producers (data-plane
 * readers, the log flusher) publish work with a volatile write and, while the loop is busy, without
 * any system call. A queue item or a lock signal per batch woke the loop (a futex) even when it was
 * already running.
 *
 * <p>No wake-up is lost: a producer publishes its work, then reads {@code parked}; the consumer
 * sets {@code parked}, then looks for work once more before it parks. Both are volatile accesses,
 * so either the producer sees {@code parked} and unparks (a permit given before the park makes the
 * park return at once), or the consumer sees the work and does not park.
 */
final class LoopSignal {
  private final Thread consumer;
  private volatile boolean parked;

  LoopSignal(Thread consumer) {
    this.consumer = consumer;
  }

  /** After publishing work (any thread): wakes the consumer if it is, or is about to be, parked. */
  void ring() {
    if (parked) {
      LockSupport.unpark(consumer);
    }
  }

  /**
   * On the consumer thread: parks up to {@code nanos} unless {@code hasWork} says there is work
   * (checked after announcing the park). Returns early on a {@link #ring}, an interrupt, or
   * spuriously; the caller looks for work again either way.
   */
  void await(long nanos, BooleanSupplier hasWork) {
    if (nanos <= 0) {
      return;
    }
    parked = true;
    try {
      if (!hasWork.getAsBoolean()) {
        LockSupport.parkNanos(this, nanos);
      }
    } finally {
      parked = false;
    }
  }
}
