package org.dsuite.rainstorm.engine.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TailLinesTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void parseTakesWholeLinesOnly() {
    assertThat(TailLines.parse(utf8("")).remaining()).isZero();
    assertThat(TailLines.parse(utf8("a\nb\na\n")).remaining()).isEqualTo(3);
    assertThat(TailLines.parse(utf8("a\nb"))).isNull();
    assertThat(TailLines.parse(utf8("\n")).remaining()).isEqualTo(1); // an empty output line
  }

  @Test
  void coveredByCountsCopies() {
    TailLines tail = TailLines.parse(utf8("a\nb\na\n"));
    assertThat(tail.coveredBy(TailLines.parse(utf8("b\na\nc\na\n")))).isTrue();
    assertThat(tail.coveredBy(TailLines.parse(utf8("b\na\nc\n")))).isFalse();
    assertThat(tail.coveredBy(TailLines.none())).isFalse();
    assertThat(TailLines.none().coveredBy(TailLines.none())).isTrue();
  }

  /**
   * Against a reference: a file holding a prefix, a kept tail and then the filtered rewrites holds
   * the prefix plus the rewrites, as a multiset, whatever the order and the write boundaries.
   */
  @Test
  void keptTailPlusFilteredRewritesIsEveryRewriteOnce() throws Exception {
    Random rnd = new Random(42);
    for (int trial = 0; trial < 500; trial++) {
      List<String> rewrites = new ArrayList<>();
      int n = rnd.nextInt(30);
      for (int i = 0; i < n; i++) {
        rewrites.add("k" + rnd.nextInt(6) + ",\"x, y\"," + rnd.nextInt(3));
      }
      List<String> tail = new ArrayList<>(rewrites.subList(0, rnd.nextInt(n + 1)));
      Collections.shuffle(tail, rnd);
      Collections.shuffle(rewrites, rnd);
      TailLines skip = TailLines.parse(utf8(join(tail)));
      assertThat(skip.coveredBy(TailLines.parse(utf8(join(rewrites))))).isTrue();

      ByteArrayOutputStream file = new ByteArrayOutputStream();
      file.write(utf8(join(tail)));
      long written = 0;
      int i = 0;
      while (i < rewrites.size()) { // releases of 1..5 lines, each in one write
        int k = Math.min(rewrites.size(), i + 1 + rnd.nextInt(5));
        byte[] release = utf8(join(rewrites.subList(i, k)));
        written += skip.filter(release, 0, release.length, file::write);
        i = k;
      }
      assertThat(skip.remaining()).isZero();
      assertThat(written + utf8(join(tail)).length).isEqualTo(file.size());
      List<String> got =
          new ArrayList<>(List.of(file.toString(StandardCharsets.UTF_8).split("\n")));
      got.removeIf(String::isEmpty);
      assertThat(got).containsExactlyInAnyOrderElementsOf(rewrites);
    }
  }

  private static String join(List<String> lines) {
    StringBuilder sb = new StringBuilder();
    for (String l : lines) {
      sb.append(l).append('\n');
    }
    return sb.toString();
  }
}
