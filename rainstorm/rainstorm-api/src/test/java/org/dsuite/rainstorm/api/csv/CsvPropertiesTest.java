package org.dsuite.rainstorm.api.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/** Our CSV against commons-csv (RFC 4180 format) as an independent reference. */
class CsvPropertiesTest {
  @Provide
  Arbitrary<List<String>> rows() {
    Arbitrary<String> field =
        Arbitraries.oneOf(
            Arbitraries.strings().withChars("ab ,\"\n\r1é").ofMaxLength(8),
            Arbitraries.of("", " ", "30\" X 30\"", "Punched Telespar", "a,b"));
    return field.list().ofMinSize(1).ofMaxSize(8);
  }

  @Provide
  Arbitrary<String> lines() {
    return Arbitraries.strings().withChars("ab ,\"x").ofMaxLength(16);
  }

  @Property(tries = 500)
  void writeThenParseRoundTrips(@ForAll("rows") List<String> fields) throws Exception {
    String line = CsvWriter.row(fields);
    assertThat(new CsvRecord().parse(line).toArray()).containsExactlyElementsOf(fields);
  }

  @Property(tries = 500)
  void commonsCsvReadsWhatWeWrite(@ForAll("rows") List<String> fields) throws IOException {
    assertThat(commonsParse(CsvWriter.row(fields))).containsExactlyElementsOf(fields);
  }

  @Property(tries = 500)
  void weReadWhatCommonsCsvWrites(@ForAll("rows") List<String> fields) throws Exception {
    StringWriter w = new StringWriter();
    try (CSVPrinter p =
        new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator("").get())) {
      p.printRecord(fields);
    }
    String line = w.toString();
    if (fields.size() == 1 && fields.get(0).isEmpty()) {
      return; // commons writes an empty line for one empty field; RFC 4180 leaves that open
    }
    assertThat(new CsvRecord().parse(line).toArray()).containsExactlyElementsOf(fields);
  }

  @Property(tries = 2000)
  void acceptedLinesParseAsCommonsCsvParsesThem(@ForAll("lines") String line) throws IOException {
    String[] ours;
    try {
      ours = new CsvRecord().parse(line).toArray();
    } catch (MalformedCsvException e) {
      return; // we are stricter than commons-csv, which keeps stray quotes as data
    }
    if (line.isEmpty()) {
      assertThat(ours).containsExactly("");
      return; // commons-csv skips empty lines
    }
    assertThat(ours).containsExactlyElementsOf(commonsParse(line));
  }

  @Property(tries = 500)
  void fieldEqualsAgreesWithGet(
      @ForAll("rows") List<String> fields, @ForAll("rows") List<String> probes) throws Exception {
    CsvRecord r = new CsvRecord().parse(CsvWriter.row(fields));
    for (int i = 0; i < r.size(); i++) {
      for (String p : probes) {
        assertThat(r.fieldEquals(i, p)).isEqualTo(r.get(i).equals(p));
      }
      assertThat(r.fieldEquals(i, fields.get(i))).isTrue();
    }
  }

  @Property(tries = 500)
  void appendCsvFieldIsTheWritersForm(@ForAll("rows") List<String> fields) throws Exception {
    CsvRecord r = new CsvRecord().parse(CsvWriter.row(fields));
    for (int i = 0; i < r.size(); i++) {
      StringBuilder expected = CsvWriter.appendField(new StringBuilder(), fields.get(i));
      assertThat(r.appendCsvField(i, new StringBuilder()).toString())
          .isEqualTo(expected.toString());
    }
  }

  private static List<String> commonsParse(String line) throws IOException {
    try (CSVParser p = CSVParser.parse(line, CSVFormat.RFC4180)) {
      List<CSVRecord> records = p.getRecords();
      assertThat(records).hasSize(1);
      List<String> out = new ArrayList<>();
      records.get(0).forEach(out::add);
      return out;
    }
  }
}
