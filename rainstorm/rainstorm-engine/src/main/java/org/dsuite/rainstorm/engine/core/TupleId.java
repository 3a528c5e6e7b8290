package org.dsuite.rainstorm.engine.core;

/**
 * A tuple's unique 128-bit identity.
 *
 * <p>Source tuples are numbered by their line: {@code (0, line)}. Every other tuple is
 * <em>sequenced</em>: {@code hi} names the stream it travels on (producing stage and task, the
 * downstream task it goes to, and an incarnation that is 0 in exactly-once mode) and {@code lo} is
 * its number on that stream, 1, 2, 3, ... in production order. A task assigns the number when it
 * produces the output and logs it with the output; an output is only ever sent once its log record
 * is durable, so every ID a downstream task can see survives a crash of its producer, and a resend
 * (from memory or from the recovered log) carries the same ID. Numbers consumed by records a crash
 * lost were never sent, so reusing them is harmless. Because IDs are ordered per stream, a
 * downstream task remembers what it processed as one high-water mark per stream plus a bounded
 * window above it ({@link Dedupe}), not as an ever-growing set.
 *
 * <p>{@link #child} is a hash of (input ID, stage, k), deterministic for a replayed input; the core
 * routes an output by it (an even spread that needs no state) before giving it its sequenced ID.
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

  /**
   * The stream tag of outputs from task {@code task} of stage {@code stage} to task {@code toTask}
   * of the next stage, in incarnation {@code incarnation} (0 in exactly-once mode). Never 0.
   *
   * @throws IllegalArgumentException if a field is outside its bits (stage < 128, tasks < 65536,
   *     incarnation < 2^24)
   */
  public static long stream(int stage, int task, int toTask, int incarnation) {
    if (stage < 0 || stage >= 1 << 7) {
      throw new IllegalArgumentException("stage must be 0..127: " + stage);
    }
    if (task < 0 || task >= 1 << 16 || toTask < 0 || toTask >= 1 << 16) {
      throw new IllegalArgumentException("task indexes must be 0..65535: " + task + ", " + toTask);
    }
    if (incarnation < 0 || incarnation >= 1 << 24) {
      throw new IllegalArgumentException("incarnation must be 0..2^24-1: " + incarnation);
    }
    return Long.MIN_VALUE
        | (long) stage << 56
        | (long) task << 40
        | (long) toTask << 24
        | incarnation;
  }

  /** The {@code seq}-th tuple (from 1) of stream {@code stream} (see {@link #stream}). */
  public static TupleId sequenced(long stream, long seq) {
    if (stream >= 0) {
      throw new IllegalArgumentException("not a stream tag: " + Long.toHexString(stream));
    }
    if (seq < 1) {
      throw new IllegalArgumentException("sequence numbers start at 1: " + seq);
    }
    return new TupleId(stream, seq);
  }

  /** True for IDs made by {@link #sequenced}. */
  public boolean isSequenced() {
    return hi < 0;
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
    if (isSource()) {
      return "line:" + lo;
    }
    if (isSequenced()) {
      return String.format(
          "%d-%d>%d/%d#%d",
          (hi >>> 56) & 0x7F, (hi >>> 40) & 0xFFFF, (hi >>> 24) & 0xFFFF, hi & 0xFFFFFF, lo);
    }
    return String.format("%016x%016x", hi, lo);
  }
}
