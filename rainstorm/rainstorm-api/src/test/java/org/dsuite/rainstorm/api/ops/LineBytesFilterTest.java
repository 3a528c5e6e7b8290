package org.dsuite.rainstorm.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dsuite.rainstorm.api.Params;
import org.dsuite.rainstorm.api.csv.CsvSchema;
import org.dsuite.rainstorm.api.job.JobSpec;
import org.dsuite.rainstorm.api.reference.Reference;
import org.dsuite.rainstorm.api.reference.ReferenceResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The byte verdicts of the chained filters against the independent reference ({@link Reference},
 * its own naive CSV parser) on generated rows: quoted fields, doubled quotes, non-ASCII text, empty
 * lines and fields, CR inside a line, malformed rows, invalid UTF-8. A line the bytes reject must
 * be one the operator drops without a malformed report; on valid UTF-8 the verdict is exact.
 */
class LineBytesFilterTest {
  private static final String HEADER = "a,Sign_Post,c,d";

  private static CsvSchema schema() throws Exception {
    return CsvSchema.fromHeader(HEADER);
  }

  private static final String[] FIELDS = {
    "",
    " ",
    "plain",
    "Punched Telespar",
    "Punched Telespa",
    "Punched Telespar ",
    "\"Punched Telespar\"",
    "\"Punched \"\"Telespar\"\"\"",
    "\"30\"\" X 30\"\"\"",
    "\"a, b\"",
    "\"\"",
    "Parking",
    "No Parking Here",
    "\"Parking, 2h\"",
    "Ünïcödé",
    "日本語",
    "😀 emoji",
    "x\"y", // a quote inside an unquoted field: malformed
    "\"ab\"c", // text after a closing quote: malformed
    "\"unterminated",
    "cr\rinside", // a line break outside quotes: malformed
    "\"cr\r\nquoted\"",
  };

  private static final byte[][] INVALID = {
    {(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xC0, (byte) 0xAF}
  };

  /** A random line: 2..6 fields (the header has 4), now and then an invalid UTF-8 sequence. */
  private static byte[] line(Random rnd) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (rnd.nextInt(40) == 0) {
      return new byte[0]; // an empty line
    }
    int n = rnd.nextInt(10) < 7 ? 4 : 2 + rnd.nextInt(5);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(FIELDS[rnd.nextInt(FIELDS.length)].getBytes(StandardCharsets.UTF_8));
      if (rnd.nextInt(25) == 0) {
        out.writeBytes(INVALID[rnd.nextInt(INVALID.length)]);
      }
    }
    return out.toByteArray();
  }

  private static boolean validUtf8(byte[] b) {
    return java.util.Arrays.equals(
        new String(b, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), b);
  }

  /** Checks {@code op} on 20 000 generated lines; returns how many the bytes rejected. */
  private static int check(String op, Params params, boolean header, long seed) throws Exception {
    JobSpec job =
        new JobSpec(
            List.of(op),
            "in",
            "out",
            1,
            params,
            org.dsuite.rainstorm.api.job.DeliveryMode.EXACTLY_ONCE,
            0,
            header,
            true);
    CsvSchema schema = header ? schema() : CsvSchema.none();
    LineBytesFilter f = LineBytesFilter.of(op, job.stageParams(0), schema);
    Random rnd = new Random(seed);
    int rejected = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] b = line(rnd);
      // Framed by other bytes: the filter must keep to [from, to).
      byte[] framed = new byte[b.length + 6];
      java.util.Arrays.fill(framed, (byte) ',');
      System.arraycopy(b, 0, framed, 3, b.length);
      boolean mayKeep = f.mayKeep(framed, 3, 3 + b.length);
      String text = new String(b, StandardCharsets.UTF_8);
      List<String> file = new ArrayList<>();
      if (header) {
        file.add(HEADER);
      }
      file.add(text);
      ReferenceResult ref = Reference.run(job, file);
      boolean cleanDrop = ref.lines().isEmpty() && ref.malformedRows() == 0;
      if (!mayKeep) {
        rejected++;
        assertThat(cleanDrop)
            .as("%s rejected on bytes but not by the reference: %s", op, text)
            .isTrue();
      } else if (validUtf8(b) && f != LineBytesFilter.KEEP_ALL) {
        assertThat(cleanDrop)
            .as("%s kept on bytes, dropped cleanly by the reference: %s", op, text)
            .isFalse();
      }
    }
    return rejected;
  }

  @ParameterizedTest
  @ValueSource(strings = {"Parking", "Punched Telespar", "ü", "日本", "😀", "\"", ",", "\"\""})
  void filterContainsOnBytesAgreesWithTheReference(String pattern) throws Exception {
    assertThat(
            check("filter-contains", Params.of("op1.pattern", pattern), true, pattern.hashCode()))
        .isPositive();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"Punched Telespar", "Punched \"Telespar\"", "30\" X 30\"", "", " ", "a, b", "日本語"})
  void filterEqualsOnBytesAgreesWithTheReference(String value) throws Exception {
    Params byName = Params.of("op1.column", "Sign_Post", "op1.value", value);
    assertThat(check("filter-equals", byName, true, value.hashCode())).isPositive();
    Params byIndex = Params.of("op1.column", "1", "op1.value", value);
    assertThat(check("filter-equals", byIndex, false, value.hashCode() + 1)).isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\uFFFD", "x\uD800"})
  void textTheBytesCannotJudgeKeepsEveryLine(String text) throws Exception {
    assertThat(LineBytesFilter.of("filter-contains", Params.of("pattern", text), schema()))
        .isSameAs(LineBytesFilter.KEEP_ALL);
    assertThat(
            LineBytesFilter.of(
                "filter-equals", Params.of("column", "Sign_Post", "value", text), schema()))
        .isSameAs(LineBytesFilter.KEEP_ALL);
  }

  @ParameterizedTest
  @ValueSource(strings = {"select", "count-by"})
  void otherOperatorsKeepEveryLine(String op) throws Exception {
    Params p = op.equals("select") ? Params.of("columns", "a") : Params.of("column", "a");
    assertThat(LineBytesFilter.of(op, p, schema())).isSameAs(LineBytesFilter.KEEP_ALL);
  }

  /** The word-at-a-time search against a plain one, on a small alphabet (many near-misses). */
  @org.junit.jupiter.api.Test
  void byteSearchFindsThePatternAtEveryOffset() {
    byte[] alphabet = {'P', 'a', 'r', 'k', 0, (byte) 0xFF, (byte) 0x80, 1};
    Random rnd = new Random(42);
    for (int round = 0; round < 20_000; round++) {
      byte[] p = new byte[1 + rnd.nextInt(5)];
      for (int k = 0; k < p.length; k++) {
        p[k] = alphabet[rnd.nextInt(3) == 0 ? rnd.nextInt(alphabet.length) : rnd.nextInt(2)];
      }
      byte[] b = new byte[rnd.nextInt(40)];
      for (int k = 0; k < b.length; k++) {
        b[k] = alphabet[rnd.nextInt(3) == 0 ? rnd.nextInt(alphabet.length) : rnd.nextInt(2)];
      }
      int from = b.length == 0 ? 0 : rnd.nextInt(b.length + 1);
      int to = from + rnd.nextInt(b.length - from + 1);
      boolean naive = false;
      for (int k = from; k + p.length <= to && !naive; k++) {
        naive = java.util.Arrays.equals(b, k, k + p.length, p, 0, p.length);
      }
      assertThat(new ContainsBytes(p).mayKeep(b, from, to))
          .as(
              "%s in %s [%d, %d)",
              java.util.Arrays.toString(p), java.util.Arrays.toString(b), from, to)
          .isEqualTo(naive);
    }
  }
}
