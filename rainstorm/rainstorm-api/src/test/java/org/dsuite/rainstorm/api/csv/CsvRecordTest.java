package org.dsuite.rainstorm.api.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvRecordTest {
  private final CsvRecord rec = new CsvRecord();

  @Test
  void aRecordReusedAcrossLinesHoldsTheLastLineParsedEvenWhenItWasParsedBefore() throws Exception {
    CsvRecord r = new CsvRecord();
    String a = "a,\"b,c\",d";
    String b = "x,y";
    assertThat(r.parse(a).toArray()).containsExactly("a", "b,c", "d");
    assertThat(r.parse(a).toArray()).containsExactly("a", "b,c", "d"); // the same string again
    assertThat(r.parse(b).toArray()).containsExactly("x", "y");
    assertThat(r.parse(new String(a)).toArray()).containsExactly("a", "b,c", "d");
    assertThat(r.parse(b).toArray()).containsExactly("x", "y");
    String bad = "a,b\"c";
    assertThatThrownBy(() -> r.parse(bad)).isInstanceOf(MalformedCsvException.class);
    assertThat(r.size()).isZero();
    // A failure is not remembered as a parse: the same string fails again.
    assertThatThrownBy(() -> r.parse(bad)).isInstanceOf(MalformedCsvException.class);
    assertThat(r.parse(a).get(1)).isEqualTo("b,c");
  }

  @Test
  void aStringParsedBeforeIsStillHeldToEachRulesFieldCount() throws Exception {
    CsvRecord r = org.dsuite.rainstorm.api.ops.Rows.scratch();
    String line = "a,b,c,d";
    assertThat(org.dsuite.rainstorm.api.ops.Rows.parse(line, r, 4, 3).get(3)).isEqualTo("d");
    assertThatThrownBy(() -> org.dsuite.rainstorm.api.ops.Rows.parse(line, r, 5, 3))
        .isInstanceOf(org.dsuite.rainstorm.api.MalformedRecordException.class)
        .hasMessageContaining("4 fields");
    assertThat(org.dsuite.rainstorm.api.ops.Rows.parse(line, r, -1, 3).size()).isEqualTo(4);
    assertThatThrownBy(() -> org.dsuite.rainstorm.api.ops.Rows.parse(line, r, -1, 4))
        .isInstanceOf(org.dsuite.rainstorm.api.MalformedRecordException.class);
  }

  @Test
  void quotedFieldWithDoubledQuotesAndCommas() throws Exception {
    rec.parse("1,\"30\"\" X 30\"\"\",\"a, b\",x");
    assertThat(rec.toArray()).containsExactly("1", "30\" X 30\"", "a, b", "x");
    assertThat(rec.isQuoted(1)).isTrue();
    assertThat(rec.isQuoted(0)).isFalse();
    assertThat(rec.fieldEquals(1, "30\" X 30\"")).isTrue();
    assertThat(rec.fieldEquals(1, "30\" X 30")).isFalse();
    assertThat(rec.fieldEquals(1, "30\" X 30\"\"")).isFalse();
    assertThat(rec.fieldEquals(2, "a, b")).isTrue();
  }

  @Test
  void emptyAndSingleSpaceFieldsAreKept() throws Exception {
    assertThat(rec.parse(",, ,").toArray()).containsExactly("", "", " ", "");
    assertThat(rec.parse("").toArray()).containsExactly("");
    assertThat(rec.parse("\"\"").toArray()).containsExactly("");
    assertThat(rec.parse("\"\",\"\"").toArray()).containsExactly("", "");
    assertThat(rec.fieldEquals(0, "")).isTrue();
  }

  @Test
  void quotedFieldMayHoldLineBreaksWhenGivenInOneString() throws Exception {
    assertThat(rec.parse("\"a\nb\",c").toArray()).containsExactly("a\nb", "c");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"unterminated",
        "a,\"b",
        "\"a\"b,c",
        "a\"b",
        "x,\"30\"\" X 30\"\"",
        "a\rb",
        "\"a\" ,b"
      })
  void malformedLinesAreReportedAndLeaveTheViewEmpty(String line) {
    assertThatThrownBy(() -> rec.parse(line)).isInstanceOf(MalformedCsvException.class);
    assertThat(rec.size()).isZero();
  }

  @Test
  void manyFieldsGrowTheView() throws Exception {
    String line = "a,".repeat(100) + "z";
    assertThat(rec.parse(line).size()).isEqualTo(101);
    assertThat(rec.get(100)).isEqualTo("z");
  }

  @Test
  void appendCsvFieldRequotesOnlyWhenNeeded() throws Exception {
    rec.parse("\"plain\",\"a,b\",\"q\"\"x\",raw");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < rec.size(); i++) {
      rec.appendCsvField(i, sb).append('|');
    }
    assertThat(sb.toString()).isEqualTo("plain|\"a,b\"|\"q\"\"x\"|raw|");
  }

  @Test
  void errorNamesTheOffset() {
    assertThatThrownBy(() -> rec.parse("ab,\"cd"))
        .isInstanceOf(MalformedCsvException.class)
        .hasMessageContaining("unterminated")
        .satisfies(e -> assertThat(((MalformedCsvException) e).offset()).isEqualTo(3));
  }

  @Test
  void fieldIndexOutOfRangeIsAProgrammingError() throws Exception {
    rec.parse("a,b");
    assertThatThrownBy(() -> rec.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void writerQuotesOnlyWhenNeeded() {
    assertThat(CsvWriter.row("a", " ", "", "x,y", "q\"", "l\nb"))
        .isEqualTo("a, ,,\"x,y\",\"q\"\"\",\"l\nb\"");
    assertThat(CsvWriter.row("")).isEqualTo("\"\"");
    assertThat(Csv.join("30\" X 30\"")).isEqualTo("\"30\"\" X 30\"\"\"");
  }

  @Test
  void schemaResolvesNamesAndIndices() throws Exception {
    CsvSchema s = CsvSchema.fromHeader("X,Y,OBJECTID,Sign_Type");
    assertThat(s.resolve("OBJECTID")).isEqualTo(2);
    assertThat(s.resolve("3")).isEqualTo(3);
    assertThat(s.isHeaderLine("X,Y,OBJECTID,Sign_Type")).isTrue();
    assertThatThrownBy(() -> s.resolve("Category"))
        .hasMessageContaining("unknown column 'Category'")
        .hasMessageContaining("X, Y, OBJECTID, Sign_Type");
    assertThatThrownBy(() -> s.resolve("4")).hasMessageContaining("out of range");
    assertThat(CsvSchema.none().resolve("7")).isEqualTo(7);
    CsvSchema bom = CsvSchema.fromHeader("\uFEFFX,Y");
    assertThat(bom.names()).containsExactly("X", "Y");
    assertThat(bom.isHeaderLine("\uFEFFX,Y")).isTrue();
    assertThatThrownBy(() -> CsvSchema.none().resolve("Category"))
        .hasMessageContaining("no header");
  }
}
