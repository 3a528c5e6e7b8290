package org.dsuite.rainstorm.engine.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoopSignalTest {
  private static final long FOREVER_NANOS = TimeUnit.MINUTES.toNanos(10);

  /**
   * A ping-pong in which each side parks "forever" unless woken: one lost wake-up stalls the test,
   * which then fails on its timeout. The producer publishes each value the way the log flusher
   * publishes a durable LSN (a volatile write, then a ring) and waits for the consumer to have seen
   * it before publishing the next, so every round is a fresh race between ring and park.
   */
  @Test
  void aPublishedValueAlwaysWakesTheConsumer() {
    int rounds = 20_000;
    AtomicLong published = new AtomicLong();
    AtomicLong seen = new AtomicLong();
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          Thread producer = Thread.currentThread();
          LoopSignal toProducer = new LoopSignal(producer);
          LoopSignal[] toConsumer = new LoopSignal[1];
          Thread consumer =
              new Thread(
                  () -> {
                    long handled = 0;
                    while (handled < rounds) {
                      long h = handled;
                      toConsumer[0].await(FOREVER_NANOS, () -> published.get() > h);
                      long p = published.get();
                      if (p > handled) {
                        handled = p;
                        seen.set(p);
                        toProducer.ring();
                      }
                    }
                  },
                  "consumer");
          toConsumer[0] = new LoopSignal(consumer);
          consumer.setDaemon(true);
          consumer.start();
          try {
            for (long i = 1; i <= rounds; i++) {
              published.set(i);
              toConsumer[0].ring();
              long want = i;
              while (seen.get() < want) {
                toProducer.await(FOREVER_NANOS, () -> seen.get() >= want);
              }
            }
            consumer.join(TimeUnit.SECONDS.toMillis(30));
          } finally {
            consumer.interrupt();
          }
        });
    assertThat(seen.get()).isEqualTo(rounds);
  }

  @Test
  void workSeenAfterAnnouncingTheParkSkipsThePark() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> new LoopSignal(Thread.currentThread()).await(FOREVER_NANOS, () -> true));
  }

  @Test
  void aRingBeforeTheParkIsNotLost() {
    // The ring comes between the announcement and the park (inside the last look for work), which
    // a flag set only by the consumer would miss: the permit makes the park return at once.
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          LoopSignal s = new LoopSignal(Thread.currentThread());
          boolean[] first = {true};
          s.await(
              FOREVER_NANOS,
              () -> {
                if (first[0]) {
                  first[0] = false;
                  s.ring();
                }
                return false;
              });
        });
  }
}
