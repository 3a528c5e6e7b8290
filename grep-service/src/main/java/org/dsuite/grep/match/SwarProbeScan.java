package org.dsuite.grep.match;

import java.nio.ByteBuffer;

/**
 * {@link ProbeScan} eight positions at a time in a {@code long} (SWAR, after Mula's "SIMD-friendly"
 * substring search): the fallback when the Vector API is not available.
 */
final class SwarProbeScan extends ProbeScan {
  private final long pat1;
  private final long pat2;
  private final long foldMask1;
  private final long foldMask2;

  SwarProbeScan(int off1, byte probe1, boolean fold1, int off2, byte probe2, boolean fold2) {
    super(off1, probe1, fold1, off2, probe2, fold2);
    pat1 = Bytes.broadcast(probe1);
    pat2 = Bytes.broadcast(probe2);
    foldMask1 = fold1 ? Bytes.broadcast(0x20) : 0;
    foldMask2 = fold2 ? Bytes.broadcast(0x20) : 0;
  }

  @Override
  int next(ByteBuffer buf, int from, int end) {
    int i = from;
    for (; i + 8 <= end; i += 8) {
      long m =
          Bytes.zeroLanes((buf.getLong(i + off1) | foldMask1) ^ pat1)
              & Bytes.zeroLanes((buf.getLong(i + off2) | foldMask2) ^ pat2);
      if (m != 0) {
        // A lane whose probes both match is always flagged, so no candidate lies below the lowest
        // flagged lane; that lane may be a false one (zeroLanes' borrow), which the caller's full
        // comparison rejects before asking again from the next position.
        return i + (Long.numberOfTrailingZeros(m) >>> 3);
      }
    }
    return nextScalar(buf, i, end);
  }
}
