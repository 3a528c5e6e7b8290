package org.dsuite.rainstorm.engine.task.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Latencies by source stamp: each output lands in its stamp's 100 ms bucket with the bucket's count
 * and longest latency as a plain recount gives them; timelines merge and survive the stats
 * encoding; past the bucket limit the rest is left out and flagged.
 */
class LatencyTimelineTest {
  private static final long T0_MS = 1_795_000_000_000L;

  @Test
  void bucketsHoldTheCountAndLongestLatencyOfTheirStamps() {
    Random rnd = new Random(7);
    LatencyTimeline a = new LatencyTimeline();
    LatencyTimeline b = new LatencyTimeline();
    TreeMap<Long, long[]> want = new TreeMap<>(); // bucket start ms -> {count, max µs}
    for (int i = 0; i < 5_000; i++) {
      long stampMs = T0_MS + rnd.nextInt(3_000);
      long latencyMicros = rnd.nextInt(400_000);
      (i % 2 == 0 ? a : b).record(stampMs * 1000 + rnd.nextInt(1000), latencyMicros);
      long[] w = want.computeIfAbsent(stampMs - stampMs % 100, k -> new long[2]);
      w[0]++;
      w[1] = Math.max(w[1], latencyMicros);
    }
    a.add(LatencyTimeline.decode(b.encode()));

    TreeMap<Long, long[]> got = a.buckets();
    assertThat(got.keySet()).containsExactlyElementsOf(want.keySet());
    want.forEach((k, w) -> assertThat(got.get(k)).as("bucket %d", k).containsExactly(w));
    assertThat(a.truncated()).isFalse();
    TreeMap<Long, long[]> again = LatencyTimeline.decode(a.encode()).buckets();
    assertThat(again.keySet()).containsExactlyElementsOf(got.keySet());
    got.forEach((k, v) -> assertThat(again.get(k)).containsExactly(v));
  }

  @Test
  void pastTheBucketLimitTheRestIsLeftOutAndFlagged() {
    LatencyTimeline t = new LatencyTimeline();
    for (int i = 0; i <= LatencyTimeline.MAX_BUCKETS; i++) {
      t.record((T0_MS + i * LatencyTimeline.BUCKET_MS) * 1000, 5);
    }
    t.record(T0_MS * 1000, 9); // a bucket it has: still counted

    assertThat(t.buckets()).hasSize(LatencyTimeline.MAX_BUCKETS);
    assertThat(t.buckets().get(T0_MS)).containsExactly(2, 9);
    assertThat(t.truncated()).isTrue();
    assertThat(LatencyTimeline.decode(t.encode()).truncated()).isTrue();
    assertThat(LatencyTimeline.decode("").buckets()).isEmpty();
  }

  @Test
  void aMalformedEncodingIsRefused() {
    assertThatThrownBy(() -> LatencyTimeline.decode("1:2"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LatencyTimeline.decode("1:x:3"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
