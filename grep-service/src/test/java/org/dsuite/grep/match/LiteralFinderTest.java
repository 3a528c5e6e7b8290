package org.dsuite.grep.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The SIMD and SWAR literal searches and the newline helpers against naive references. */
class LiteralFinderTest {
  @Test
  void theTestJvmHasTheVectorApiSoBothPathsAreTested() {
    // surefire's argLine adds jdk.incubator.vector (grep-service/pom.xml); without it the
    // properties below would compare the SWAR path with itself.
    assertThat(ProbeScan.vectorAvailable()).isTrue();
    assertThat(new LiteralFinder("x", false).usesVector()).isTrue();
    assertThat(new LiteralFinder("x", false, false).usesVector()).isFalse();
  }

  /**
   * Long haystacks (several 64-byte SIMD blocks) over a small alphabet, so that probe bytes and
   * partial matches are dense, with the needle planted at random places including the very end and
   * across block boundaries: both implementations must find what a naive search finds.
   */
  @Property(tries = 600)
  void bothImplementationsFindWhatANaiveSearchFinds(
      @ForAll @StringLength(max = 400) @CharRange(from = '@', to = 'D') String hay,
      @ForAll @StringLength(min = 1, max = 24) @CharRange(from = '@', to = 'F') String needle,
      @ForAll @IntRange(max = 400) int plantAt,
      @ForAll @IntRange(max = 130) int from,
      @ForAll @IntRange(max = 70) int cutEnd,
      @ForAll boolean ignoreCase,
      @ForAll boolean plant) {
    String h = hay;
    if (plant) {
      int at = Math.min(plantAt, h.length());
      h = h.substring(0, at) + (ignoreCase ? swapCase(needle) : needle) + h.substring(at);
    }
    h = mixCase(h);
    ByteBuffer buf = direct(h);
    int to = Math.max(0, h.length() - cutEnd);
    int start = Math.min(from, to);
    int expected = naive(h, needle, start, to, ignoreCase);
    assertThat(new LiteralFinder(needle, ignoreCase, true).find(buf, start, to))
        .as("SIMD")
        .isEqualTo(expected);
    assertThat(new LiteralFinder(needle, ignoreCase, false).find(buf, start, to))
        .as("SWAR")
        .isEqualTo(expected);
  }

  /** First start {@code i} in {@code [from, to - n]} where the needle matches, byte by byte. */
  static int naive(String h, String needle, int from, int to, boolean ignoreCase) {
    outer:
    for (int i = from; i + needle.length() <= to; i++) {
      for (int k = 0; k < needle.length(); k++) {
        char x = h.charAt(i + k);
        char y = needle.charAt(k);
        if (ignoreCase ? asciiLower(x) != asciiLower(y) : x != y) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static char asciiLower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  static String swapCase(String s) {
    StringBuilder sb = new StringBuilder(s);
    for (int i = 0; i < sb.length(); i++) {
      char c = sb.charAt(i);
      sb.setCharAt(i, Character.isUpperCase(c) ? asciiLower(c) : Character.toUpperCase(c));
    }
    return sb.toString();
  }

  static ByteBuffer direct(String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer buf = ByteBuffer.allocateDirect(b.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.put(b);
    return buf;
  }

  @Property(tries = 400)
  void findsTheFirstOccurrenceLikeIndexOf(
      @ForAll @StringLength(max = 200) @CharRange(from = '@', to = 'D') String hay,
      @ForAll @StringLength(min = 1, max = 5) @CharRange(from = '@', to = 'D') String needle,
      @ForAll @IntRange(max = 20) int from,
      @ForAll boolean ignoreCase) {
    String h = mixCase(hay);
    ByteBuffer buf = direct(h);
    int start = Math.min(from, h.length());
    int expected =
        ignoreCase
            ? h.toLowerCase(Locale.ROOT).indexOf(needle.toLowerCase(Locale.ROOT), start)
            : h.indexOf(needle, start);
    assertThat(new LiteralFinder(needle, ignoreCase).find(buf, start, h.length()))
        .isEqualTo(expected);
  }

  /** Upper-cases every third letter, so case folding is exercised. */
  static String mixCase(String s) {
    StringBuilder sb = new StringBuilder(s);
    for (int i = 0; i < sb.length(); i += 3) {
      sb.setCharAt(i, Character.toLowerCase(sb.charAt(i)));
    }
    return sb.toString();
  }

  @Property(tries = 300)
  void countsAndFindsNewlines(
      @ForAll @StringLength(max = 300) @CharRange(from = '\n', to = '\r') String s) {
    ByteBuffer buf = direct(s);
    assertThat(Bytes.countNewlines(buf, 0, s.length()))
        .isEqualTo(s.chars().filter(c -> c == '\n').count());
    assertThat(Bytes.indexOf(buf, 0, s.length(), (byte) '\n')).isEqualTo(s.indexOf('\n'));
    assertThat(Bytes.indexOfSwar(buf, 0, s.length(), (byte) '\n')).isEqualTo(s.indexOf('\n'));
    assertThat(Bytes.lastIndexOf(buf, 0, s.length(), (byte) '\n')).isEqualTo(s.lastIndexOf('\n'));
  }

  /**
   * One newline (or none) in a long line: the SIMD search must skip whole blocks and stop right.
   */
  @Property(tries = 400)
  void findsASparseNewline(
      @ForAll @IntRange(max = 300) int length,
      @ForAll @IntRange(max = 310) int newlineAt,
      @ForAll @IntRange(max = 200) int from) {
    StringBuilder sb = new StringBuilder("x".repeat(length));
    if (newlineAt < length) {
      sb.setCharAt(newlineAt, '\n');
    }
    String s = sb.toString();
    int start = Math.min(from, length);
    ByteBuffer buf = direct(s);
    assertThat(Bytes.indexOf(buf, start, length, (byte) '\n')).isEqualTo(s.indexOf('\n', start));
    int expectedLast = s.lastIndexOf('\n', length - 1);
    assertThat(Bytes.lastIndexOf(buf, start, length, (byte) '\n'))
        .isEqualTo(expectedLast >= start ? expectedLast : -1);
  }
}
