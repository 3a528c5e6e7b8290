package org.dsuite.rainstorm.engine.core;

/**
 * A tuple's unique, deterministic 128-bit identity.
 *
 * <p>Source tuples are numbered by their line: {@code (0, line)}. Every other tuple is the {@code
 * k}-th output of processing one input at one stage, and its ID is a hash of (input ID, stage, k).
 * Because operators are deterministic and the ID depends only on that triple, replaying an input
 * after a crash produces outputs with the same IDs, so a downstream task can drop the replayed
 * copies it has already processed. 128 bits make an accidental collision among the tuples of one
 * job vanishingly unlikely (birthday bound ~2^64 tuples).
 */
public record TupleId(long hi, long lo) implements Comparable<TupleId> {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  /** The ID of a source tuple read from line {@code line} (0-based) of the job's source file. */
  public static TupleId ofSourceLine(long line) {
    if (line < 0) {
      throw new IllegalArgumentException("line must be >= 0: " + line);
    }
    return new TupleId(0L, line);
  }

  /** The ID of the {@code outputIndex}-th tuple emitted when {@code stage} processes this one. */
  public TupleId child(int stage, int outputIndex) {
    if (stage < 0 || outputIndex < 0) {
      throw new IllegalArgumentException("stage and outputIndex must be >= 0");
    }
    long salt = ((long) stage << 32) | (outputIndex & 0xFFFF_FFFFL);
    long h1 = mix64(hi ^ mix64(lo + GOLDEN) ^ mix64(salt ^ 0x5851F42D4C957F2DL));
    long h2 = mix64(lo ^ mix64(hi - GOLDEN) ^ mix64(salt + 0x14057B7EF767814FL));
    if (h1 == 0L) {
      h1 = 1L; // hi == 0 is reserved for source tuples
    }
    return new TupleId(h1, h2);
  }

  /** True for the IDs of source tuples. */
  public boolean isSource() {
    return hi == 0L;
  }

  /** A well-spread 32-bit hash, for routing. */
  public int spread() {
    return (int) mix64(hi * 31 + lo);
  }

  /** Stafford's variant 13 of the MurmurHash3 finaliser: a bijection with good avalanche. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public int compareTo(TupleId o) {
    int c = Long.compareUnsigned(hi, o.hi);
    return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
  }

  @Override
  public String toString() {
    return isSource() ? "line:" + lo : String.format("%016x%016x", hi, lo);
  }
}
