package org.dsuite.rainstorm.api.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dsuite.rainstorm.api.job.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetGenTest {
  @TempDir Path dir;

  static String generate(Dataset d, long seed, int rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new DatasetWriter(d, seed).write(out, rows, null, 1);
    return out.toString(StandardCharsets.US_ASCII);
  }

  static List<CSVRecord> parse(String text) throws IOException {
    try (CSVParser p = CSVParser.parse(new StringReader(text), CSVFormat.RFC4180)) {
      return p.getRecords();
    }
  }

  static List<CSVRecord> parseWithHeader(String text) throws IOException {
    CSVFormat f = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    try (CSVParser p = CSVParser.parse(new StringReader(text), f)) {
      return p.getRecords();
    }
  }

  @Test
  void deterministicBySeedAndPrefixStable() throws IOException {
    for (Dataset d : Dataset.values()) {
      String a = generate(d, 5, 2000);
      assertThat(generate(d, 5, 2000)).isEqualTo(a);
      assertThat(generate(d, 6, 2000)).isNotEqualTo(a);
      assertThat(a).startsWith(generate(d, 5, 500));
    }
  }

  @Test
  void everyRowIsOneWellFormedRecordWithTheHeadersWidth() throws IOException {
    for (Dataset d : Dataset.values()) {
      String text = generate(d, 1, 20_000);
      assertThat(text.lines().count()).isEqualTo(20_001);
      List<CSVRecord> records = parse(text);
      assertThat(records).hasSize(20_001);
      assertThat(records.get(0).toList()).isEqualTo(d.schema().names());
      for (CSVRecord r : records) {
        assertThat(r.size()).isEqualTo(d.schema().names().size());
      }
    }
  }

  @Test
  void trafficSignsHaveTheRealShape() throws IOException {
    String text = generate(Dataset.TRAFFIC_SIGNS, 3, 50_000);
    List<CSVRecord> rows = parseWithHeader(text);
    Map<String, Integer> posts = histogram(rows, "Sign_Post");
    Map<String, Integer> categories = histogram(rows, "Category");
    assertThat(top(posts)).containsExactly("Punched Telespar", "Unpunched Telespar", "Streetlight");
    assertThat(posts).containsKey("Old Metal Post");
    assertThat(top(categories)).containsExactly("Streetname", "Regulatory", "Parking");
    assertThat(categories).containsKey("Warning");
    assertThat(text).contains(",\"30\"\" X 30\"\"\",");
    assertThat(histogram(rows, "Schools")).containsKeys(" ", "");
    assertThat(rows.stream().filter(r -> r.get("Notes").contains(","))).isNotEmpty();
    assertThat(rows.get(0).get("GlobalID"))
        .matches("\\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}}");
    assertThat(rows.get(9).get("OBJECTID")).isEqualTo("10");
  }

  @Test
  void webAccessHasManyPathsAndQuotedAgents() throws IOException {
    String text = generate(Dataset.WEB_ACCESS, 3, 50_000);
    List<CSVRecord> rows = parseWithHeader(text);
    assertThat(top(histogram(rows, "status"))).startsWith("200");
    assertThat(histogram(rows, "status")).containsKey("404");
    assertThat(histogram(rows, "path").size()).isGreaterThan(300);
    assertThat(rows.stream().filter(r -> r.get("user_agent").contains(", "))).isNotEmpty();
    assertThat(rows.stream().filter(r -> r.get("user_agent").contains("\""))).isNotEmpty();
    assertThat(rows.get(0).get("timestamp")).matches("2024-03-01T\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
  }

  @Test
  void cliWritesAFileAndRefusesToOverwriteWithoutForce() throws IOException {
    Path out = dir.resolve("ts.csv");
    String[] args = {
      "traffic-signs", "--rows", "100", "--seed", "9", "--out", out.toString(), "--quiet"
    };
    assertThat(DatasetGenMain.run(args)).isZero();
    assertThat(Files.readString(out)).isEqualTo(generate(Dataset.TRAFFIC_SIGNS, 9, 100));
    assertThat(DatasetGenMain.run(args)).isEqualTo(2);
    String[] forced = new String[args.length + 1];
    System.arraycopy(args, 0, forced, 0, args.length);
    forced[args.length] = "--force";
    assertThat(DatasetGenMain.run(forced)).isZero();
    assertThat(DatasetGenMain.run("nope", "--rows", "1", "--out", out.toString())).isEqualTo(2);
    assertThat(DatasetGenMain.run("web-access", "--out", out.toString())).isEqualTo(2);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("ts.csv");
    }
  }

  private static Map<String, Integer> histogram(List<CSVRecord> rows, String column) {
    Map<String, Integer> h = new HashMap<>();
    for (CSVRecord r : rows) {
      h.merge(r.get(column), 1, Integer::sum);
    }
    return h;
  }

  private static List<String> top(Map<String, Integer> h) {
    List<Map.Entry<String, Integer>> e = new ArrayList<>(h.entrySet());
    e.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
    return e.subList(0, Math.min(3, e.size())).stream().map(Map.Entry::getKey).toList();
  }
}
