package org.dsuite.cluster.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
  static RunResult run(String engine, String app, long rows, int rep, long wallMs, double rps) {
    return run(engine, app, rows, "full-speed", rep, wallMs, rps, null, RunResult.OK);
  }

  static RunResult run(
      String engine,
      String app,
      long rows,
      String mode,
      int rep,
      long wallMs,
      double rps,
      Latency lat,
      String status) {
    return new RunResult(
        "traffic",
        app,
        rows,
        engine,
        mode,
        rep,
        status,
        status.equals(RunResult.OK) ? "rows = reference" : "rows differ",
        wallMs,
        engine.equals(RunResult.RAINSTORM) ? null : 9_000L,
        1_000L,
        rps,
        "test",
        mode.equals("rate") ? 5_000.0 : null,
        lat,
        2.5,
        300L << 20,
        mode.equals("failure")
            ? List.of(
                new RunResult.Event(3_000, "SIGKILL [node2, node3]"),
                new RunResult.Event(wallMs, "done"))
            : List.of());
  }

  static Latency latency(double p50, double p99) {
    return new Latency(
        "test",
        100,
        p50,
        p50 * 1.5,
        p99,
        p99 * 1.1,
        List.of(new double[] {p50, 0.5}, new double[] {p99, 0.99}));
  }

  static Report sample() {
    List<RunResult> runs = new ArrayList<>();
    for (int rep = 1; rep <= 3; rep++) {
      // Medians: RainStorm 300 K rows/s and 10 s; Spark 100 K rows/s and 40 s.
      runs.add(
          run(
              RunResult.RAINSTORM,
              "traffic-app1",
              1_000_000,
              rep,
              9_000 + rep * 500,
              250_000 + rep * 25_000));
      runs.add(
          run(
              RunResult.SPARK_STRUCTURED,
              "traffic-app1",
              1_000_000,
              rep,
              35_000 + rep * 2_500,
              75_000 + rep * 12_500));
      runs.add(run(RunResult.SPARK_DSTREAM, "traffic-app1", 1_000_000, rep, 30_000, 90_000));
    }
    runs.add(
        run(
            RunResult.RAINSTORM,
            "traffic-app1",
            1_000_000,
            "rate",
            1,
            20_000,
            5_000,
            latency(10, 40),
            RunResult.OK));
    runs.add(
        run(
            RunResult.SPARK_STRUCTURED,
            "traffic-app1",
            1_000_000,
            "rate",
            1,
            25_000,
            5_000,
            latency(300, 1_000),
            RunResult.OK));
    // A wrong output: reported, excluded from the medians.
    runs.add(run(RunResult.RAINSTORM, "traffic-app1", 1_000_000, 4, 1, 9e9));
    runs.set(
        runs.size() - 1,
        run(
            RunResult.RAINSTORM,
            "traffic-app1",
            1_000_000,
            "full-speed",
            4,
            1,
            9e9,
            null,
            RunResult.FAILED));
    runs.add(
        run(
            RunResult.RAINSTORM,
            "traffic-app2",
            1_000_000,
            "failure",
            1,
            20_000,
            50_000,
            null,
            RunResult.OK));
    runs.add(
        run(
            RunResult.SPARK_DSTREAM,
            "traffic-app1",
            1_000_000,
            "rate",
            1,
            30_000,
            5_000,
            latency(800, 2_000),
            RunResult.OK));
    runs.add(
        run(
            RunResult.SPARK_DSTREAM,
            "traffic-app2",
            1_000_000,
            "failure",
            1,
            60_000,
            20_000,
            null,
            RunResult.OK));
    return new Report(
        "test report",
        "2026-11-24T00:00:00Z",
        Map.of("cores", "2"),
        Map.of("reps", "3"),
        List.of("a <note> & more"),
        runs);
  }

  @Test
  void writesJsonMarkdownAndSelfContainedHtml(@TempDir Path dir) throws Exception {
    Path html = ReportWriter.write(sample(), dir);
    assertThat(html).isEqualTo(dir.resolve("report.html"));
    String h = Files.readString(html);
    // Offline: no scripts, nothing fetched; every chart inline and a real PNG.
    assertThat(h).doesNotContain("<script").doesNotContain("http://").doesNotContain("https://");
    Matcher m = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)").matcher(h);
    int images = 0;
    while (m.find()) {
      byte[] png = Base64.getDecoder().decode(m.group(1));
      assertThat(png).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
      images++;
    }
    // Throughput, wall time, latency CDF, recovery timeline.
    assertThat(images).isEqualTo(4);
    assertThat(dir.resolve("bench-throughput.png")).exists();
    assertThat(h).contains("a &lt;note&gt; &amp; more").contains("FAILED");
    String md = Files.readString(dir.resolve("report.md"));
    assertThat(md).contains("WARNING: 1 run(s) FAILED");
    assertThat(dir.resolve("report.json.tmp")).doesNotExist();
  }

  @Test
  void jsonReadsBackAndTargetsUseMediansOfCorrectRuns(@TempDir Path dir) throws Exception {
    Report original = sample();
    ReportWriter.write(original, dir);
    Report back = ReportJson.read(dir.resolve("report.json"));
    assertThat(back.runs()).hasSize(original.runs().size());
    assertThat(back.runs().get(0)).usingRecursiveComparison().isEqualTo(original.runs().get(0));
    assertThat(back.runs().get(9).latency().p99Ms()).isEqualTo(40.0);
    assertThat(back.environment()).containsEntry("cores", "2");

    List<Target> targets = Target.check(Cell.of(back.runs()));
    Target tput = find(targets, Target.THROUGHPUT);
    // 300 K / 100 K (the FAILED 9e9 run must not count).
    assertThat(tput.ratio()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(tput.met()).isTrue();
    Target wall = find(targets, Target.WALL_1M);
    assertThat(wall.ratio())
        .isCloseTo(10_000.0 / 40_000, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(wall.met()).isTrue();
    Target p99 = find(targets, Target.P99);
    assertThat(p99.ratio()).isCloseTo(0.04, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(p99.met()).isTrue();
  }

  @Test
  void aTargetMissedIsReportedAsNotMet() {
    List<RunResult> runs =
        List.of(
            run(RunResult.RAINSTORM, "web-app2", 1_000_000, 1, 30_000, 50_000),
            run(RunResult.SPARK_STRUCTURED, "web-app2", 1_000_000, 1, 40_000, 60_000));
    List<Target> t = Target.check(Cell.of(runs));
    assertThat(find(t, Target.THROUGHPUT).met()).isFalse();
    assertThat(find(t, Target.WALL_1M).met()).isFalse();
    assertThat(MarkdownReport.render(new Report("r", "now", Map.of(), Map.of(), List.of(), runs)))
        .contains("**not met**");
  }

  private static Target find(List<Target> targets, String prefix) {
    return targets.stream().filter(t -> t.name().startsWith(prefix)).findFirst().orElseThrow();
  }

  @Test
  void everyTargetIsAlsoRatioedAgainstDStreams() {
    List<Target> t = Target.check(Cell.of(sample().runs()));
    Target p99 =
        t.stream()
            .filter(x -> x.name().startsWith(Target.P99) && x.against().equals("spark-dstream"))
            .findFirst()
            .orElseThrow();
    // RainStorm p99 40 ms against DStreams' 2,000 ms: 0.02 <= 1/20.
    assertThat(p99.ratio()).isEqualTo(0.02);
    assertThat(p99.met()).isTrue();
    assertThat(t)
        .filteredOn(x -> x.name().equals(Target.THROUGHPUT))
        .extracting(Target::against)
        .containsExactly("spark-structured", "spark-dstream");
    // Structured Streaming (the reference) comes first.
    assertThat(t.get(0).against()).isEqualTo("spark-structured");
    String md = MarkdownReport.render(sample());
    assertThat(md).contains("| p99 latency <= 1/20 (rate) | spark-dstream | traffic |");
  }
}
