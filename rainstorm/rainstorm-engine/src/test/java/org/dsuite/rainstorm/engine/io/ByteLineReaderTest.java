package org.dsuite.rainstorm.engine.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link ByteLineReader} against {@link BufferedReader#readLine()} (the reference): same lines and
 * line numbers for any mix of {@code \n}, {@code \r}, {@code \r\n}, multi-byte UTF-8 and a missing
 * last terminator, with lines skipped at random and buffers small enough to split lines and
 * terminators.
 */
class ByteLineReaderTest {
  private static final String[] PIECES = {
    "a", "bc", ",", "é", "€", "\"x\"", "\n", "\r", "\r\n", "", "0123456789abcdefghij"
  };

  @Property(tries = 300)
  void readsLikeBufferedReader(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 60) int pieces,
      @ForAll @IntRange(min = 1, max = 40) int bufferBytes)
      throws Exception {
    Random rnd = new Random(seed);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pieces; i++) {
      sb.append(PIECES[rnd.nextInt(PIECES.length)]);
    }
    String text = sb.toString();
    List<String> expected = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new StringReader(text))) {
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        expected.add(l);
      }
    }
    try (ByteLineReader r =
        new ByteLineReader(
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), bufferBytes)) {
      for (int i = 0; i < expected.size(); i++) {
        if (rnd.nextBoolean()) {
          assertThat(r.skip()).isTrue();
        } else {
          assertThat(r.next()).as("line %d of %s", i + 1, text).isEqualTo(expected.get(i));
        }
        assertThat(r.lineNumber()).isEqualTo(i + 1);
      }
      assertThat(rnd.nextBoolean() ? r.next() : (Object) r.skip()).isIn(null, Boolean.FALSE);
      assertThat(r.next()).isNull();
    }
  }

  /** The eight-bytes-at-a-time search against a plain loop, on bytes rich in near-misses. */
  @Property(tries = 500)
  void findsTheFirstTerminatorLikeAPlainLoop(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 70) int length,
      @ForAll @IntRange(min = 0, max = 70) int fromWanted) {
    Random rnd = new Random(seed);
    byte[] alphabet = {'\n', '\r', 0x0B, 0x0C, 0x09, 0x0E, 0x00, (byte) 0x8A, (byte) 0x8D, 'a', -1};
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = rnd.nextInt(4) == 0 ? alphabet[rnd.nextInt(alphabet.length)] : (byte) 'x';
    }
    int from = Math.min(fromWanted, length);
    int to = from + rnd.nextInt(length - from + 1);
    int want = -1;
    for (int i = from; i < to; i++) {
      if (b[i] == '\n' || b[i] == '\r') {
        want = i;
        break;
      }
    }
    assertThat(ByteLineReader.indexOfEol(b, from, to)).isEqualTo(want);
  }
}
