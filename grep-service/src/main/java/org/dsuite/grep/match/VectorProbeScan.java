package org.dsuite.grep.match;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ProbeScan} with SIMD registers through the incubating Vector API (Java 17: needs {@code
 * --add-modules jdk.incubator.vector}): a whole register of positions is tested per step with two
 * loads, two compares and an AND. Only {@code anyTrue()} is asked of the mask because Java 17
 * compiles it to one instruction while {@code toLong()}/{@code firstTrue()} are not intrinsic there
 * (measured: 6-8 GB/s against 1.7 GB/s); a block with a candidate is then searched with SWAR.
 * Loaded only when the module is present (see {@link ProbeScan#create}).
 */
final class VectorProbeScan extends ProbeScan {
  private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;

  private final ByteVector pat1;
  private final ByteVector pat2;
  private final ByteVector foldMask1;
  private final ByteVector foldMask2;
  // Locates the candidate inside a register that has one, eight positions per step.
  private final SwarProbeScan inBlock;

  VectorProbeScan(int off1, byte probe1, boolean fold1, int off2, byte probe2, boolean fold2) {
    super(off1, probe1, fold1, off2, probe2, fold2);
    pat1 = ByteVector.broadcast(SPECIES, probe1);
    pat2 = ByteVector.broadcast(SPECIES, probe2);
    foldMask1 = ByteVector.broadcast(SPECIES, (byte) (fold1 ? 0x20 : 0));
    foldMask2 = ByteVector.broadcast(SPECIES, (byte) (fold2 ? 0x20 : 0));
    inBlock = new SwarProbeScan(off1, probe1, fold1, off2, probe2, fold2);
  }

  @Override
  int next(ByteBuffer buf, int from, int end) {
    int step = SPECIES.length();
    int i = from;
    for (; i + step <= end; i += step) {
      ByteVector a = ByteVector.fromByteBuffer(SPECIES, buf, i + off1, ByteOrder.LITTLE_ENDIAN);
      ByteVector b = ByteVector.fromByteBuffer(SPECIES, buf, i + off2, ByteOrder.LITTLE_ENDIAN);
      if (fold1) {
        a = a.lanewise(VectorOperators.OR, foldMask1);
      }
      if (fold2) {
        b = b.lanewise(VectorOperators.OR, foldMask2);
      }
      VectorMask<Byte> m = a.eq(pat1).and(b.eq(pat2));
      if (m.anyTrue()) {
        // SWAR flags every true candidate of the block (and maybe false ones above it, which the
        // caller's full comparison rejects), so its first flag is never past the first candidate.
        int c = inBlock.next(buf, i, i + step);
        if (c >= 0) {
          return c;
        }
      }
    }
    return nextScalar(buf, i, end);
  }
}
