package org.dsuite.grep.match;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD form of {@link Bytes#indexOf}: a register of bytes per compare (see {@link
 * VectorProbeScan} for why only {@code anyTrue()} is asked of the mask). Used only when the JVM has
 * the Vector API module ({@link ProbeScan#vectorAvailable()}).
 */
final class VectorBytes {
  private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;

  private VectorBytes() {}

  static int indexOf(ByteBuffer b, int from, int to, byte v) {
    int step = SPECIES.length();
    int i = from;
    for (; i + step <= to; i += step) {
      if (ByteVector.fromByteBuffer(SPECIES, b, i, ByteOrder.LITTLE_ENDIAN).eq(v).anyTrue()) {
        break; // the hit is in this block: the SWAR loop below finds it within a few steps
      }
    }
    return Bytes.indexOfSwar(b, i, to, v);
  }
}
