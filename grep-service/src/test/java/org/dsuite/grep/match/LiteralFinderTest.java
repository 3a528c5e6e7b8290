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

/** The SWAR literal search and newline helpers against naive references. */
class LiteralFinderTest {
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
      @ForAll @StringLength(max = 100) @CharRange(from = '\n', to = '\r') String s) {
    ByteBuffer buf = direct(s);
    assertThat(Bytes.countNewlines(buf, 0, s.length()))
        .isEqualTo(s.chars().filter(c -> c == '\n').count());
    assertThat(Bytes.indexOf(buf, 0, s.length(), (byte) '\n')).isEqualTo(s.indexOf('\n'));
    assertThat(Bytes.lastIndexOf(buf, 0, s.length(), (byte) '\n')).isEqualTo(s.lastIndexOf('\n'));
  }
}
