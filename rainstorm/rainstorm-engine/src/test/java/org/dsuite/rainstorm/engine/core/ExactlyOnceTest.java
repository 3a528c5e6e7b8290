package org.dsuite.rainstorm.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * With random duplicate deliveries, drops, resends, snapshots and crashes replayed from the log,
 * every source line is reflected exactly once in the destination: the multiset of sink lines equals
 * the one computed directly from the input. The dedupe's memory stays within its bound (one mark
 * per input stream plus the window), also with windows small enough that inputs get deferred.
 */
class ExactlyOnceTest {

  @Property(tries = 60)
  void everyInputCountedExactlyOnce(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 240) int lines,
      @ForAll @IntRange(min = 1, max = 9) int keys,
      @ForAll @IntRange(min = 1, max = 3) int tasks,
      @ForAll @IntRange(min = 1, max = 50) int maxUnacked) {
    PipelineSim sim = new PipelineSim(seed, lines, keys, tasks, maxUnacked);
    sim.run(3_000);
    assertThat(sorted(sim.destination()))
        .as(
            "seed %d: crashes=%d duplicates=%d drops=%d rebatches=%d",
            seed, sim.crashes, sim.duplicatesInjected, sim.drops, sim.rebatches)
        .isEqualTo(reference(lines, keys));
  }

  @Property(tries = 60)
  void smallDedupeWindowsStayExactAndBounded(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 240) int lines,
      @ForAll @IntRange(min = 1, max = 9) int keys,
      @ForAll @IntRange(min = 1, max = 3) int tasks,
      @ForAll @IntRange(min = 1, max = 50) int maxUnacked,
      @ForAll @IntRange(min = 1, max = 8) int window) {
    PipelineSim sim = new PipelineSim(seed, lines, keys, tasks, maxUnacked, window);
    sim.run(3_000);
    assertThat(sorted(sim.destination()))
        .as(
            "seed %d window %d: crashes=%d duplicates=%d drops=%d deferred=%d",
            seed, window, sim.crashes, sim.duplicatesInjected, sim.drops, sim.deferred)
        .isEqualTo(reference(lines, keys));
    // A task's input streams: one per upstream task (the source's own lines: one).
    assertThat(sim.maxDedupeSize).isLessThanOrEqualTo(tasks * (1 + window));
  }

  /** The bound holds even with far more input than the window: memory does not grow with it. */
  @Property(tries = 10)
  void dedupeMemoryDoesNotGrowWithInput(@ForAll long seed) {
    PipelineSim sim = new PipelineSim(seed, 3_000, 7, 3, 40, 16);
    sim.run(6_000);
    assertThat(sorted(sim.destination())).isEqualTo(reference(3_000, 7));
    assertThat(sim.maxDedupeSize).isLessThanOrEqualTo(3 * (1 + 16));
  }

  /** count-by over the filtered input, computed directly: key,1 .. key,n for every key. */
  static List<String> reference(int lines, int keys) {
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < lines; i++) {
      if (PipelineSim.keep(i)) {
        String key = PipelineSim.line(i, keys).split(",")[0];
        counts.merge(key, 1, Integer::sum);
      }
    }
    List<String> out = new ArrayList<>();
    counts.forEach(
        (k, n) -> {
          for (int j = 1; j <= n; j++) {
            out.add(k + "," + j);
          }
        });
    return sorted(out);
  }

  private static List<String> sorted(List<String> in) {
    List<String> s = new ArrayList<>(in);
    s.sort(null);
    return s;
  }
}
