package org.dsuite.rainstorm.api.gen;

import java.util.SplittableRandom;

/**
 * A weighted choice among strings in O(1): a table of 1024 slots filled in proportion to the
 * weights, indexed by one random int. 1024 slots resolve weights to about 0.1%, enough for
 * realistic skew.
 */
final class Weighted {
  private static final int SLOTS = 1024;
  private final String[] table = new String[SLOTS];

  /** {@code valuesAndWeights}: value, weight, value, weight, ... (weights are relative). */
  Weighted(Object... valuesAndWeights) {
    double total = 0;
    for (int i = 1; i < valuesAndWeights.length; i += 2) {
      total += ((Number) valuesAndWeights[i]).doubleValue();
    }
    int slot = 0;
    double acc = 0;
    for (int i = 0; i < valuesAndWeights.length; i += 2) {
      acc += ((Number) valuesAndWeights[i + 1]).doubleValue();
      int end = (int) Math.round(acc / total * SLOTS);
      for (; slot < end; slot++) {
        table[slot] = (String) valuesAndWeights[i];
      }
    }
    for (; slot < SLOTS; slot++) {
      table[slot] = (String) valuesAndWeights[valuesAndWeights.length - 2];
    }
  }

  String pick(SplittableRandom rnd) {
    return table[rnd.nextInt(SLOTS)];
  }
}
