package org.dsuite.swim.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.dsuite.swim.core.Message;

/** Hostile bytes never escape the decoder as anything but {@link MalformedPacketException}. */
class WireFuzzTest {
  @Property(tries = 3000)
  void randomBytesAreRejectedOrDecodedNeverThrownAt(@ForAll @Size(max = 1500) byte[] junk) {
    assertDecodesOrIsMalformed(junk);
  }

  @Property(tries = 3000)
  void randomBodiesBehindAValidHeaderAreRejectedOrDecoded(
      @ForAll @Size(min = 3, max = 1500) byte[] junk,
      @ForAll @IntRange(min = 1, max = 3) int kind) {
    junk[0] = (byte) WireCodec.MAGIC;
    junk[1] = (byte) WireCodec.VERSION;
    junk[2] = (byte) kind;
    assertDecodesOrIsMalformed(junk);
  }

  @Property(tries = 3000)
  void mutatedValidPacketsAreRejectedOrDecoded(
      @ForAll @IntRange(min = 0, max = 6) int which,
      @ForAll @IntRange(min = 0, max = 10_000) int position,
      @ForAll byte value,
      @ForAll @IntRange(min = 0, max = 3) int extraFlips) {
    Message m = WireCodecTest.sampleMessages().get(which);
    byte[] bytes = WireCodec.encode(m);
    bytes[position % bytes.length] = value;
    for (int i = 0; i < extraFlips; i++) {
      bytes[(position * 31 + i * 17) % bytes.length] ^= (byte) (value + i);
    }
    assertDecodesOrIsMalformed(bytes);
  }

  private static void assertDecodesOrIsMalformed(byte[] bytes) {
    try {
      WirePayload p = WireCodec.decode(bytes, bytes.length);
      // whatever decoded must re-encode to the same bytes: no silent misreading
      assertThat(WireCodec.encode(p)).isEqualTo(Arrays.copyOf(bytes, bytes.length));
    } catch (MalformedPacketException expected) {
      // counted and dropped by the shell
    }
  }
}
