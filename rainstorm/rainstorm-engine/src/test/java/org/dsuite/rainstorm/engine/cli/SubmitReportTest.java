package org.dsuite.rainstorm.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.curator.test.TestingServer;
import org.dsuite.rainstorm.api.gen.DatasetWriter;
import org.dsuite.rainstorm.api.job.BenchmarkApps;
import org.dsuite.rainstorm.api.job.Dataset;
import org.dsuite.rainstorm.api.job.JobSpec;
import org.dsuite.rainstorm.api.reference.Reference;
import org.dsuite.rainstorm.api.reference.ReferenceResult;
import org.dsuite.rainstorm.engine.task.StagePlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code rainstorm submit --report} and {@code --input-rate} on two in-process workers (local task
 * logs, local source and destination): the report's counts must match the input and an
 * independently computed reference, every output line must have a latency, and a paced job's
 * sources must not read faster than the rate.
 */
class SubmitReportTest {
  private static TestingServer zkServer;

  @TempDir Path dir;

  @BeforeAll
  static void startZk() throws Exception {
    zkServer = new TestingServer(true);
  }

  @AfterAll
  static void stopZk() throws Exception {
    if (zkServer != null) {
      zkServer.close();
    }
  }

  private Path input(int rows) throws Exception {
    Path in = dir.resolve("in.csv");
    try (OutputStream o = Files.newOutputStream(in)) {
      new DatasetWriter(Dataset.TRAFFIC_SIGNS, 11).write(o, rows, null, 0);
    }
    return in;
  }

  private static List<String> submitArgs(JobSpec job, String... extra) {
    List<String> args = new ArrayList<>(List.of("submit"));
    args.addAll(job.toArgs());
    args.addAll(List.of(extra));
    return args;
  }

  static long num(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\":(-?[0-9.]+)").matcher(json);
    assertThat(m.find()).as("%s in %s", field, json).isTrue();
    return (long) Double.parseDouble(m.group(1));
  }

  static double dbl(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\":(-?[0-9.]+)").matcher(json);
    assertThat(m.find()).as("%s in %s", field, json).isTrue();
    return Double.parseDouble(m.group(1));
  }

  /** Chained (the source tasks run the filter) and not (MP4's one stage per operator). */
  @ParameterizedTest(name = "chain {0}")
  @ValueSource(booleans = {true, false})
  void reportMatchesTheReference(boolean chain) throws Exception {
    int rows = 20_000;
    Path in = input(rows);
    Path out = dir.resolve("app1.out");
    Path report = dir.resolve("report.json");
    JobSpec job =
        BenchmarkApps.TRAFFIC_APP1.job("file://" + in, "file://" + out, 3).withChain(chain);
    StagePlan plan = StagePlan.of(job);
    assertThat(plan.chained()).isEqualTo(chain);
    try (InProcessCluster c = new InProcessCluster(zkServer, "/report", dir, 2)) {
      InProcessCluster.Run r =
          c.rainstorm(submitArgs(job, "--report", report.toString(), "--quiet-progress"));
      assertThat(r.exit()).as(r.stderr()).isZero();
      ReferenceResult ref = Reference.run(job, in);
      String json = Files.readString(report, StandardCharsets.UTF_8);
      assertThat(json).contains("\"state\":\"DONE\"", "\"exactlyOnce\":true");
      assertThat(json).contains("\"inputRate\":null");
      assertThat(num(json, "recordsIn")).isEqualTo(rows);
      assertThat(num(json, "recordsOut")).isEqualTo(ref.lines().size());
      assertThat(num(json, "malformed")).isZero();
      assertThat(num(json, "longestInputStallMs")).isBetween(0L, num(json, "wallMs"));
      assertThat(num(json, "longestOutputStallMs")).isBetween(0L, num(json, "wallMs"));
      // One latency per output line, each from a source read to a durable sink flush.
      assertThat(num(json, "count")).isEqualTo(ref.lines().size());
      double p50 = dbl(json, "p50");
      double p99 = dbl(json, "p99");
      assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
      assertThat(p99).isLessThanOrEqualTo(dbl(json, "max") * 1.01 + 0.01);
      // The CDF: 19 points, both coordinates ascending, through p50 and ending at the maximum.
      Matcher cdf = Pattern.compile("\\[([0-9.]+),([0-9.]+)]").matcher(json);
      List<double[]> points = new ArrayList<>();
      while (cdf.find()) {
        points.add(
            new double[] {Double.parseDouble(cdf.group(1)), Double.parseDouble(cdf.group(2))});
      }
      assertThat(points).hasSize(19);
      for (int i = 1; i < points.size(); i++) {
        assertThat(points.get(i)[0]).isGreaterThanOrEqualTo(points.get(i - 1)[0]);
        assertThat(points.get(i)[1]).isGreaterThan(points.get(i - 1)[1]);
      }
      assertThat(points).anySatisfy(pt -> assertThat(pt).containsExactly(p50, 0.5));
      assertThat(points.get(18)).containsExactly(dbl(json, "max"), 1.0);
      long submitted = num(json, "submittedAtMs");
      long first = num(json, "firstOutputAtMs");
      long done = num(json, "doneAtMs");
      assertThat(first).isBetween(submitted, done);
      assertThat(num(json, "wallMs")).isEqualTo(done - submitted);
      assertThat(dbl(json, "max")).isLessThanOrEqualTo(done - submitted);
      assertThat(json)
          .contains(
              chain
                  ? "\"stages\":[\"source + op1 (filter-contains) + op2 (select)\",\"sink\"]"
                  : "\"stages\":[\"source\",\"op1 (filter-contains)\",\"op2 (select)\",\"sink\"]");
      // Every task placed: 3 per stage before the sink (1 stage chained, 3 not), one sink.
      assertThat(json.split("\"worker\":", -1)).hasSize(plan.sinkStage() * 3 + 1 + 1);
      assertThat(r.stderr()).contains("DONE in ").contains(rows + " records in");
      assertThat(r.stdout().split("\n")).containsExactlyInAnyOrderElementsOf(ref.lines());
    }
  }

  /** Paced, so the job runs ~3 s: long enough to see output streamed before it ends. */
  @Test
  void inputRateIsHonouredAndOutputStreams() throws Exception {
    int rows = 3_000;
    long rate = 1_000;
    Path in = input(rows);
    Path out = dir.resolve("paced.out");
    Path report = dir.resolve("paced.json");
    JobSpec job =
        BenchmarkApps.TRAFFIC_APP1.job("file://" + in, "file://" + out, 3).withInputRate(rate);
    try (InProcessCluster c = new InProcessCluster(zkServer, "/paced", dir, 2)) {
      InProcessCluster.Run r =
          c.rainstorm(submitArgs(job, "--report", report.toString(), "--quiet-progress"));
      assertThat(r.exit()).as(r.stderr()).isZero();
      String json = Files.readString(report, StandardCharsets.UTF_8);
      assertThat(num(json, "inputRate")).isEqualTo(rate);
      // The sources' schedule started once every task was up (the workers released them), not
      // after the fallback wait (rainstorm.worker.paced-start-wait-ms, 10 s).
      assertThat(num(json, "startupMs")).isBetween(0L, 5_000L);
      assertThat(num(json, "inputClockStartSpreadMs")).isBetween(0L, 5_000L);
      assertThat(num(json, "recordsIn")).isEqualTo(rows);
      // Pacing is an upper bound the sources cannot beat, whatever the load: 3 s of input.
      long readMs = num(json, "doneAtMs") - num(json, "firstOutputAtMs");
      assertThat(num(json, "wallMs")).isGreaterThanOrEqualTo(rows * 1000 / rate - 500);
      assertThat(readMs).isGreaterThan(rows * 1000 / rate / 2);
      // Between 10 % and 90 % of the input the sources ran near the rate (loose: a loaded box).
      assertThat(dbl(json, "steadyThroughputRps")).isBetween(rate * 0.4, rate * 1.25);
      // Results stream while the job runs: the first line long before the job is DONE.
      assertThat(r.firstStdoutAtMs()).isPositive().isLessThan(num(json, "doneAtMs") - 1_000);
      assertThat(r.stdout().split("\n"))
          .containsExactlyInAnyOrderElementsOf(Reference.run(job, in).lines());
    }
  }
}
