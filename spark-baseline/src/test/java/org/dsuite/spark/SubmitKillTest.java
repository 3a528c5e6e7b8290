package org.dsuite.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.awaitility.core.ConditionTimeoutException;
import org.dsuite.rainstorm.api.job.BenchmarkApp;
import org.dsuite.rainstorm.api.job.BenchmarkApps;
import org.dsuite.rainstorm.api.job.Dataset;
import org.dsuite.spark.config.SparkBaselineConfig;
import org.dsuite.spark.config.SparkBaselineConfig.Api;
import org.dsuite.spark.metrics.BatchTimeline;
import org.dsuite.spark.testkit.GeneratedInput;
import org.dsuite.spark.testkit.Outputs;
import org.dsuite.spark.testkit.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The submission route and a hard failure together: the CLI runs through Spark's own submit entry
 * point ({@code org.apache.spark.deploy.SparkSubmit}, what {@code spark-submit} and {@code
 * bin/spark-baseline} call) in a separate JVM, a continuous counting query with one file per
 * micro-batch; the JVM is killed with SIGKILL once the first batch is out; a restart from the same
 * checkpoint finishes the input. The final counts equal the reference: nothing lost, nothing
 * counted twice.
 */
class SubmitKillTest {
  private static final BenchmarkApp APP = BenchmarkApps.TRAFFIC_APP2;
  private static final Duration FIRST_BATCH_TIMEOUT = Duration.ofMinutes(3);

  @TempDir Path tmp;

  @Test
  void queryKilledMidRunResumesFromItsCheckpointWithoutDoubleCounting() throws Exception {
    GeneratedInput input =
        GeneratedInput.write(Dataset.TRAFFIC_SIGNS, tmp.resolve("in"), 4, 1_500, 41);
    String dest = tmp.resolve("out").toString();
    Path log = tmp.resolve("driver.log");
    Process driver = startSubmittedDriver(input.dir(), dest, log);
    try {
      awaitFirstBatch(driver, Path.of(dest, "batch=0"), log);
    } finally {
      driver.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful stop
      driver.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(Path.of(dest, "batch=3")).as("killed before the last batch").doesNotExist();

    SparkSession spark = TestSpark.shared();
    SparkBaselineConfig config = TestSpark.config(Api.STRUCTURED);
    JobRunner.run(
        spark,
        config,
        JobRunner.plan(APP, input.dir().toString(), dest, config.partitions()),
        input.dir().toString(),
        dest,
        config.checkpointFor(dest),
        new BatchTimeline(System::currentTimeMillis, 0));

    assertThat(Outputs.counts(spark, dest)).isEqualTo(input.referenceCounts(APP));
  }

  /**
   * A continuous query with a 5 s trigger and one file per batch, so the kill lands between the
   * first and the last of the four batches.
   */
  private Process startSubmittedDriver(Path src, String dest, Path log) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The --add-opens flags Spark needs on JDK 17, as this test JVM got them from surefire.
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens")) {
        cmd.add(arg);
      }
    }
    cmd.add("-Ddsuite.log.dir=" + tmp.resolve("logs"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("org.apache.spark.deploy.SparkSubmit");
    cmd.addAll(List.of("--class", SparkBaselineMain.class.getName()));
    cmd.addAll(List.of("--master", "local[2]"));
    cmd.add("spark-internal"); // the main class is already on the classpath: no primary jar
    cmd.addAll(List.of(APP.id(), "--src", src.toString(), "--dest", dest));
    cmd.addAll(List.of("--mode", "continuous", "--max-files-per-trigger", "1"));
    cmd.addAll(List.of("--set", "spark-baseline.trigger-interval-ms=5000"));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static void awaitFirstBatch(Process driver, Path firstBatch, Path log) throws Exception {
    try {
      await()
          .atMost(FIRST_BATCH_TIMEOUT)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> Files.exists(firstBatch) || !driver.isAlive());
    } catch (ConditionTimeoutException e) {
      // reported below, with the driver's output
    }
    if (!Files.exists(firstBatch)) {
      throw new AssertionError(
          "no first batch from the submitted driver (alive: "
              + driver.isAlive()
              + "); its output:\n"
              + Files.readString(log));
    }
  }
}
