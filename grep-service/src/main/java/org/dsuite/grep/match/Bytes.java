package org.dsuite.grep.match;

import java.nio.ByteBuffer;

/**
 * memchr-like helpers over a little-endian {@link ByteBuffer}, eight bytes at a time (SWAR): the
 * scanner spends most of its time here, so they read {@code long}s and never allocate.
 */
public final class Bytes {
  static final long ONES = 0x0101010101010101L;
  static final long HIGHS = 0x8080808080808080L;
  static final long LOWS7 = 0x7F7F7F7F7F7F7F7FL;

  private Bytes() {}

  /** Broadcasts a byte to all eight lanes. */
  static long broadcast(int b) {
    return ONES * (b & 0xff);
  }

  /**
   * High bit set in each lane that is zero. Lanes above a true zero may be flagged too (borrow), so
   * the lowest flagged lane is exact and callers verify the others.
   */
  static long zeroLanes(long x) {
    return (x - ONES) & ~x & HIGHS;
  }

  /** High bit set in exactly the lanes that are zero (no false positives: safe to count). */
  static long zeroLanesExact(long x) {
    long y = (x & LOWS7) + LOWS7;
    return ~(y | x | LOWS7);
  }

  // A constant for the JIT: the branch below costs nothing, and VectorBytes is never loaded
  // without the module.
  private static final boolean VECTOR = ProbeScan.vectorAvailable();

  /** First index of {@code v} in {@code [from, to)}, or -1. */
  public static int indexOf(ByteBuffer b, int from, int to, byte v) {
    return VECTOR ? VectorBytes.indexOf(b, from, to, v) : indexOfSwar(b, from, to, v);
  }

  /** {@link #indexOf} eight bytes at a time, without the Vector API. */
  static int indexOfSwar(ByteBuffer b, int from, int to, byte v) {
    long pat = broadcast(v);
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long t = zeroLanes(b.getLong(i) ^ pat);
      if (t != 0) {
        return i + (Long.numberOfTrailingZeros(t) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b.get(i) == v) {
        return i;
      }
    }
    return -1;
  }

  /** Last index of {@code v} in {@code [from, before)}, or -1; eight bytes at a time, backwards. */
  public static int lastIndexOf(ByteBuffer b, int from, int before, byte v) {
    long pat = broadcast(v);
    int i = before;
    for (; i - 8 >= from; i -= 8) {
      // Exact lanes: the highest flagged lane is the answer, so no borrow may flag a false one.
      long t = zeroLanesExact(b.getLong(i - 8) ^ pat);
      if (t != 0) {
        return i - 8 + 7 - (Long.numberOfLeadingZeros(t) >>> 3);
      }
    }
    for (i--; i >= from; i--) {
      if (b.get(i) == v) {
        return i;
      }
    }
    return -1;
  }

  /** Number of {@code '\n'} bytes in {@code [from, to)}. */
  public static long countNewlines(ByteBuffer b, int from, int to) {
    long pat = broadcast('\n');
    long n = 0;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      n += Long.bitCount(zeroLanesExact(b.getLong(i) ^ pat));
    }
    for (; i < to; i++) {
      if (b.get(i) == '\n') {
        n++;
      }
    }
    return n;
  }
}
