package org.dsuite.grep.match;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The lazy DFA's start-state skip loop (GNU dfa.c has the same idea): while the DFA sits in the
 * state where no match has begun, every byte that cannot begin one leaves it there, so the scan may
 * jump to the next byte that can. Those "exit" bytes are given as up to three ASCII ranges (e.g.
 * {@code 0-9} for a pattern that starts with a digit) and searched a SIMD register at a time with
 * the incubating Vector API; built only when that module is present ({@link
 * ProbeScan#vectorAvailable()}) and the exit bytes fit ({@link #of}).
 */
final class IdleSkip {
  private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;
  static final int MAX_RANGES = 3;

  private final boolean[] exit;
  // Unused ranges are empty (lo 1, hi 0), so the loop always tests three.
  private final byte lo0;
  private final byte hi0;
  private final byte lo1;
  private final byte hi1;
  private final byte lo2;
  private final byte hi2;

  private IdleSkip(boolean[] exit, int[] lo, int[] hi) {
    this.exit = exit;
    lo0 = (byte) lo[0];
    hi0 = (byte) hi[0];
    lo1 = (byte) lo[1];
    hi1 = (byte) hi[1];
    lo2 = (byte) lo[2];
    hi2 = (byte) hi[2];
  }

  /**
   * A skip for these exit bytes, or null when they are not at most three ranges of ASCII bytes (a
   * byte {@code >= 0x80} would need unsigned compares; many ranges would cost more than they save).
   */
  static IdleSkip of(boolean[] exit) {
    int[] lo = {1, 1, 1};
    int[] hi = {0, 0, 0};
    int n = 0;
    for (int b = 0; b < 256; b++) {
      if (!exit[b]) {
        continue;
      }
      if (b >= 0x80) {
        return null;
      }
      if (n > 0 && hi[n - 1] == b - 1) {
        hi[n - 1] = b;
        continue;
      }
      if (n == MAX_RANGES) {
        return null;
      }
      lo[n] = b;
      hi[n] = b;
      n++;
    }
    return new IdleSkip(exit.clone(), lo, hi);
  }

  /** Index of the first exit byte in {@code m[from, to)}, or {@code to}. */
  int next(byte[] m, int from, int to) {
    int step = SPECIES.length();
    int i = from;
    for (; i + step <= to; i += step) {
      ByteVector x = ByteVector.fromArray(SPECIES, m, i);
      VectorMask<Byte> e =
          x.compare(VectorOperators.GE, lo0)
              .and(x.compare(VectorOperators.LE, hi0))
              .or(x.compare(VectorOperators.GE, lo1).and(x.compare(VectorOperators.LE, hi1)))
              .or(x.compare(VectorOperators.GE, lo2).and(x.compare(VectorOperators.LE, hi2)));
      if (e.anyTrue()) {
        break;
      }
    }
    for (; i < to; i++) {
      if (exit[m[i] & 0xff]) {
        return i;
      }
    }
    return to;
  }
}
