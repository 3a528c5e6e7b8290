package org.dsuite.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.dsuite.rainstorm.api.job.BenchmarkApp;
import org.dsuite.rainstorm.api.job.BenchmarkApps;
import org.dsuite.rainstorm.api.job.Dataset;
import org.dsuite.spark.config.SparkBaselineConfig;
import org.dsuite.spark.config.SparkBaselineConfig.Api;
import org.dsuite.spark.metrics.BatchTimeline;
import org.dsuite.spark.testkit.GeneratedInput;
import org.dsuite.spark.testkit.Outputs;
import org.dsuite.spark.testkit.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every benchmark app on both Spark APIs, on generated data, against rainstorm-api's independent
 * reference: stateless apps' rows as a multiset, counting apps' final count per key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EquivalenceTest {
  // Enough rows that each app has matches (and the generator's malformed rows appear), few enough
  // that eight runs stay within seconds each on a loaded 2-core machine.
  private static final int FILES = 4;
  private static final long ROWS_PER_FILE = 2_000;

  @TempDir static Path tmp;
  private SparkSession spark;
  private GeneratedInput traffic;
  private GeneratedInput web;

  @BeforeAll
  void start() throws Exception {
    traffic =
        GeneratedInput.write(
            Dataset.TRAFFIC_SIGNS, tmp.resolve("traffic"), FILES, ROWS_PER_FILE, 11);
    web = GeneratedInput.write(Dataset.WEB_ACCESS, tmp.resolve("web"), FILES, ROWS_PER_FILE, 23);
    spark = TestSpark.shared();
  }

  static Stream<Arguments> appsAndApis() {
    return BenchmarkApps.all().stream()
        .flatMap(app -> Stream.of(Api.values()).map(api -> Arguments.of(app.id(), api)));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("appsAndApis")
  void sparkOutputEqualsTheReference(String appId, Api api) throws Exception {
    BenchmarkApp app = BenchmarkApps.byId(appId);
    GeneratedInput input = app.dataset() == Dataset.TRAFFIC_SIGNS ? traffic : web;
    String dest = tmp.resolve("out-" + appId + "-" + api).toString();
    SparkBaselineConfig config = TestSpark.config(api);
    BatchTimeline timeline = new BatchTimeline(System::currentTimeMillis, 0);

    JobRunner.run(
        spark,
        config,
        JobRunner.plan(app, input.dir().toString(), dest, config.partitions()),
        input.dir().toString(),
        dest,
        config.checkpointFor(dest),
        timeline);

    if (app.stateful()) {
      Map<String, Long> expected = input.referenceCounts(app);
      assertThat(expected).isNotEmpty();
      assertThat(Outputs.counts(spark, dest)).isEqualTo(expected);
    } else {
      List<String> expected = input.referenceRows(app);
      assertThat(expected).isNotEmpty();
      // A part file no batch committed (as a failed, re-run batch leaves behind) is not output.
      Files.writeString(Path.of(dest, "part-99999-uncommitted.txt"), "stray,row\n");
      assertThat(Outputs.rows(spark, dest)).containsExactlyInAnyOrderElementsOf(expected);
      if (api == Api.STRUCTURED) {
        assertThat(Outputs.rowsThroughSpark(spark, dest))
            .containsExactlyInAnyOrderElementsOf(expected);
      }
    }
    // Every input line (headers included) went through exactly one batch.
    assertThat(timeline.rows()).isEqualTo(FILES * (ROWS_PER_FILE + 1));
  }

  /** {@code --src} may name one file: both APIs then watch its directory for that name only. */
  @ParameterizedTest(name = "single file on {0}")
  @EnumSource(Api.class)
  void aSingleFileSourceReadsOnlyThatFile(Api api) throws Exception {
    BenchmarkApp app = BenchmarkApps.TRAFFIC_APP2;
    Path file = traffic.files().get(1);
    String dest = tmp.resolve("out-single-" + api).toString();
    SparkBaselineConfig config = TestSpark.config(api);

    JobRunner.run(
        spark,
        config,
        JobRunner.plan(app, file.toString(), dest, config.partitions()),
        file.toString(),
        dest,
        config.checkpointFor(dest),
        new BatchTimeline(System::currentTimeMillis, 0));

    GeneratedInput one = new GeneratedInput(Dataset.TRAFFIC_SIGNS, traffic.dir(), List.of(file));
    assertThat(Outputs.counts(spark, dest)).isEqualTo(one.referenceCounts(app));
  }

  /** A batch whose output cannot be written fails a bounded run instead of reporting success. */
  @ParameterizedTest(name = "unwritable output on {0}")
  @EnumSource(Api.class)
  void aBatchThatCannotWriteItsOutputFailsTheRun(Api api) throws Exception {
    BenchmarkApp app = BenchmarkApps.TRAFFIC_APP2;
    Path notADirectory = Files.writeString(tmp.resolve("plain-file-" + api), "x");
    String dest = notADirectory.resolve("out").toString();
    SparkBaselineConfig config = TestSpark.config(api);
    String checkpoint = tmp.resolve("cp-unwritable-" + api).toString();

    assertThatThrownBy(
            () ->
                JobRunner.run(
                    spark,
                    config,
                    JobRunner.plan(app, traffic.dir().toString(), dest, config.partitions()),
                    traffic.dir().toString(),
                    dest,
                    checkpoint,
                    new BatchTimeline(System::currentTimeMillis, 0)))
        .isInstanceOfAny(IllegalStateException.class, StreamingQueryException.class);
  }
}
