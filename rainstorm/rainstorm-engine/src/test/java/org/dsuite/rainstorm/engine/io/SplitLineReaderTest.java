package org.dsuite.rainstorm.engine.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link SplitLineReader}: the splits of a file together hold every line exactly once, in order,
 * with the file's global line numbers, whatever the terminators ({@code \n}, {@code \r}, {@code
 * \r\n}, split across buffer and range boundaries) and however many splits; the reference is {@link
 * BufferedReader#readLine()} over the whole text with a counter.
 */
class SplitLineReaderTest {
  private static final String[] PIECES = {
    "a", "bc", ",", "é", "€", "\"x\"", "\n", "\r", "\r\n", "", "\n\n", "0123456789abcdef"
  };

  /**
   * Longer texts and buffers of at least a word: the lines before a split's range are counted eight
   * bytes at a time ({@link ByteLineReader#skipLinesBefore}), with {@code \r} falling back to line
   * by line.
   */
  @Property(tries = 300)
  void wordAtATimeCountingBeforeTheRangeKeepsTheNumbers(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 400) int pieces,
      @ForAll @IntRange(min = 1, max = 9) int splits,
      @ForAll @IntRange(min = 8, max = 80) int bufferBytes)
      throws Exception {
    splitsTogetherReadEveryLineOnceWithGlobalNumbers(seed, pieces, splits, bufferBytes);
  }

  @Property(tries = 300)
  void splitsTogetherReadEveryLineOnceWithGlobalNumbers(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 80) int pieces,
      @ForAll @IntRange(min = 1, max = 9) int splits,
      @ForAll @IntRange(min = 1, max = 9) int bufferBytes)
      throws Exception {
    Random rnd = new Random(seed);
    String text = randomText(rnd, pieces);
    List<String> expected = numberedLines(text);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    List<String> got = new ArrayList<>();
    for (int s = 0; s < splits; s++) {
      boolean skipping = rnd.nextBoolean();
      try (SplitLineReader r =
          new SplitLineReader(
              new ByteArrayInputStream(bytes), bytes.length, s, splits, bufferBytes)) {
        while (true) {
          if (skipping && rnd.nextInt(4) == 0) {
            // A skipped line still counts; read it again through a fresh reader below.
            if (!r.skip()) {
              break;
            }
            got.add(r.lineNumber() + ":" + expected.get((int) r.lineNumber() - 1).split(":", 2)[1]);
            continue;
          }
          String l = r.next();
          if (l == null) {
            break;
          }
          got.add(r.lineNumber() + ":" + l);
        }
      }
    }
    assertThat(got).as("text %s in %d splits", escape(text), splits).isEqualTo(expected);
  }

  /** The byte view ({@code advance}, {@code decode}) mixed with {@code next}: the same lines. */
  @Property(tries = 300)
  void advanceHandsOutEachLinesBytesWithItsNumber(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 80) int pieces,
      @ForAll @IntRange(min = 1, max = 9) int splits,
      @ForAll @IntRange(min = 1, max = 9) int bufferBytes)
      throws Exception {
    Random rnd = new Random(seed);
    String text = randomText(rnd, pieces);
    List<String> expected = numberedLines(text);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    List<String> got = new ArrayList<>();
    for (int s = 0; s < splits; s++) {
      try (SplitLineReader r =
          new SplitLineReader(
              new ByteArrayInputStream(bytes), bytes.length, s, splits, bufferBytes)) {
        while (true) {
          if (rnd.nextBoolean()) {
            if (!r.advance()) {
              break;
            }
            String raw =
                new String(
                    r.lineBytes(),
                    r.lineStart(),
                    r.lineEnd() - r.lineStart(),
                    StandardCharsets.UTF_8);
            assertThat(r.decode()).isEqualTo(raw);
            got.add(r.lineNumber() + ":" + raw);
          } else {
            String l = r.next();
            if (l == null) {
              break;
            }
            got.add(r.lineNumber() + ":" + l);
          }
        }
      }
    }
    assertThat(got).as("text %s in %d splits", escape(text), splits).isEqualTo(expected);
  }

  private static String escape(String s) {
    return s.replace("\r", "\\r").replace("\n", "\\n");
  }

  /** {@code pieces} random pieces of text (lines, line breaks of every kind, multibyte text). */
  private static String randomText(Random rnd, int pieces) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pieces; i++) {
      sb.append(PIECES[rnd.nextInt(PIECES.length)]);
    }
    return sb.toString();
  }

  /** The reference: {@code n:line} for each line {@link BufferedReader} reads from {@code text}. */
  private static List<String> numberedLines(String text) throws IOException {
    List<String> expected = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new StringReader(text))) {
      long n = 0;
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        expected.add(++n + ":" + l);
      }
    }
    return expected;
  }
}
