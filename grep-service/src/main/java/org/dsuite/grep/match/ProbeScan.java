package org.dsuite.grep.match;

import java.nio.ByteBuffer;

/**
 * The inner loop of the literal search: finds positions {@code i} where two chosen bytes of the
 * literal ("probes") sit at {@code i + off1} and {@code i + off2}. With case folding a probe that
 * is a letter is compared after OR-ing {@code 0x20} into the data, which admits a few non-letters
 * the caller's full comparison then rejects. A returned candidate is only a candidate: the caller
 * verifies the whole literal there.
 *
 * <p>Two implementations: {@link VectorProbeScan} (SIMD through the incubating Vector API, 32 or 64
 * bytes per step) when the JVM was started with {@code --add-modules jdk.incubator.vector}, else
 * {@link SwarProbeScan} (eight bytes per {@code long}).
 */
abstract class ProbeScan {
  /** System property that turns the SIMD path off ({@code -Ddsuite.grep.simd=false}). */
  static final String SIMD_PROPERTY = "dsuite.grep.simd";

  private static final boolean VECTOR_AVAILABLE =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
          && !"false".equals(System.getProperty(SIMD_PROPERTY));

  final int off1;
  final int off2;
  final byte probe1;
  final byte probe2;
  final boolean fold1;
  final boolean fold2;

  ProbeScan(int off1, byte probe1, boolean fold1, int off2, byte probe2, boolean fold2) {
    this.off1 = off1;
    this.off2 = off2;
    this.probe1 = probe1;
    this.probe2 = probe2;
    this.fold1 = fold1;
    this.fold2 = fold2;
  }

  /** True when the SIMD implementation is in use in this JVM. */
  static boolean vectorAvailable() {
    return VECTOR_AVAILABLE;
  }

  /** The fastest implementation this JVM offers. */
  static ProbeScan create(
      int off1, byte probe1, boolean fold1, int off2, byte probe2, boolean fold2) {
    return create(VECTOR_AVAILABLE, off1, probe1, fold1, off2, probe2, fold2);
  }

  /** A given implementation (tests compare both). */
  static ProbeScan create(
      boolean vector, int off1, byte probe1, boolean fold1, int off2, byte probe2, boolean fold2) {
    return vector
        ? new VectorProbeScan(off1, probe1, fold1, off2, probe2, fold2)
        : new SwarProbeScan(off1, probe1, fold1, off2, probe2, fold2);
  }

  /**
   * The first candidate start in {@code [from, end)}, or -1. The caller guarantees that {@code buf}
   * holds {@code end - 1 + max(off1, off2)} at least, i.e. every probe of every start below {@code
   * end} is inside the buffer; a candidate may be reported that is not the first (no: every
   * position before a returned one has been rejected by its probes).
   */
  abstract int next(ByteBuffer buf, int from, int end);

  /** The probes at {@code i}, checked one byte at a time (block tails and candidate blocks). */
  final boolean probesMatch(ByteBuffer buf, int i) {
    int a = buf.get(i + off1);
    int b = buf.get(i + off2);
    return (byte) (fold1 ? a | 0x20 : a) == probe1 && (byte) (fold2 ? b | 0x20 : b) == probe2;
  }

  /** Scalar scan of {@code [from, end)}. */
  final int nextScalar(ByteBuffer buf, int from, int end) {
    for (int i = from; i < end; i++) {
      if (probesMatch(buf, i)) {
        return i;
      }
    }
    return -1;
  }
}
