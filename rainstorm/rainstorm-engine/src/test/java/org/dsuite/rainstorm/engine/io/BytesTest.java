package org.dsuite.rainstorm.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link BytesOut} and {@link BytesIn} against the JDK: the same bytes as {@link DataOutputStream}
 * plus {@code String.getBytes(UTF_8)} for ints, longs and strings of any characters (ASCII, two-
 * and three-byte, surrogate pairs, unpaired surrogates), and reading them back gives the values.
 */
class BytesTest {
  private static final char[] CHARS = {'a', 'Z', ',', '"', '\n', 'é', '€', '\uD83D', '\uDE00'};

  @Property(tries = 300)
  void encodesLikeTheJdkAndReadsBack(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 40) int items) throws Exception {
    Random rnd = new Random(seed);
    BytesOut out = new BytesOut(1); // tiny: every write grows it
    ByteArrayOutputStream ref = new ByteArrayOutputStream();
    DataOutputStream refOut = new DataOutputStream(ref);
    Object[] values = new Object[items];
    for (int i = 0; i < items; i++) {
      switch (rnd.nextInt(3)) {
        case 0 -> {
          int v = rnd.nextInt();
          out.writeInt(v);
          refOut.writeInt(v);
          values[i] = v;
        }
        case 1 -> {
          long v = rnd.nextLong();
          out.writeLong(v);
          refOut.writeLong(v);
          values[i] = v;
        }
        default -> {
          StringBuilder sb = new StringBuilder();
          for (int k = rnd.nextInt(12); k > 0; k--) {
            sb.append(CHARS[rnd.nextInt(CHARS.length)]);
          }
          String s = sb.toString();
          out.writeUtf8(s);
          byte[] b = s.getBytes(StandardCharsets.UTF_8);
          refOut.writeInt(b.length);
          refOut.write(b);
          values[i] = new String(b, StandardCharsets.UTF_8); // what decoding must give
        }
      }
    }
    refOut.flush();
    byte[] got = java.util.Arrays.copyOf(out.array(), out.size());
    assertThat(got).isEqualTo(ref.toByteArray());
    BytesIn in = new BytesIn(got, 0, got.length);
    for (Object v : values) {
      if (v instanceof Integer x) {
        assertThat(in.readInt()).isEqualTo(x);
      } else if (v instanceof Long x) {
        assertThat(in.readLong()).isEqualTo(x);
      } else {
        assertThat(in.readUtf8()).isEqualTo(v);
      }
    }
    assertThat(in.remaining()).isZero();
    assertThatThrownBy(in::readInt).isInstanceOf(EOFException.class);
  }
}
