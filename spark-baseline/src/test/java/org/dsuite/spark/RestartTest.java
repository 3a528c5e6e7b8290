package org.dsuite.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A counting job stopped part-way and restarted from the same checkpoint counts every input exactly
 * once: its final counts equal the reference over all input, for both APIs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestartTest {
  private static final BenchmarkApp APP = BenchmarkApps.TRAFFIC_APP2;

  @TempDir static Path tmp;
  private SparkSession spark;

  @BeforeAll
  void start() {
    spark = TestSpark.shared();
  }

  /**
   * The dangerous moment of {@code foreachBatch}: the batch's output is written but Spark crashed
   * before recording the batch in its commit log. The restart re-runs that batch; it must replace
   * its output, not add to it.
   */
  @Test
  void structuredBatchReplayedAfterACrashBeforeCommitDoesNotDoubleCount() throws Exception {
    GeneratedInput all =
        GeneratedInput.write(Dataset.TRAFFIC_SIGNS, tmp.resolve("gen"), 4, 1_500, 3);
    Path src = Files.createDirectories(tmp.resolve("structured-src"));
    String dest = tmp.resolve("structured-out").toString();
    SparkBaselineConfig config = oneFilePerBatch(Api.STRUCTURED);
    String checkpoint = config.checkpointFor(dest);
    moveIn(all.files().subList(0, 2), src);
    run(config, src, dest, checkpoint);
    Path lastCommit = Path.of(checkpoint, "commits", "1");
    assertThat(lastCommit).exists();
    long firstWrite = Files.getLastModifiedTime(Path.of(dest, "batch=1")).toMillis();

    Files.delete(lastCommit); // the crash: batch 1 written, not committed
    Files.deleteIfExists(Path.of(checkpoint, "commits", ".1.crc"));
    Thread.sleep(20); // so the rewrite has a later modification time than the first write
    moveIn(all.files().subList(2, 4), src);
    run(config, src, dest, checkpoint);

    assertThat(Files.getLastModifiedTime(Path.of(dest, "batch=1")).toMillis())
        .as("batch 1 was replayed and rewritten")
        .isGreaterThan(firstWrite);
    assertThat(Path.of(dest, "batch=3")).exists();
    assertThat(Outputs.counts(spark, dest)).isEqualTo(all.referenceCounts(APP));
  }

  /** DStreams: a graceful stop, new input, a restart that restores the graph and the state. */
  @Test
  void dstreamRestartFromCheckpointKeepsTheRunningCounts() throws Exception {
    GeneratedInput all =
        GeneratedInput.write(Dataset.TRAFFIC_SIGNS, tmp.resolve("gen-d"), 4, 1_500, 7);
    Path src = Files.createDirectories(tmp.resolve("dstream-src"));
    String dest = tmp.resolve("dstream-out").toString();
    SparkBaselineConfig config = oneFilePerBatch(Api.DSTREAM);
    String checkpoint = config.checkpointFor(dest);
    moveIn(all.files().subList(0, 2), src);
    run(config, src, dest, checkpoint);
    GeneratedInput firstHalf =
        new GeneratedInput(Dataset.TRAFFIC_SIGNS, all.dir(), all.files().subList(0, 2));
    assertThat(Outputs.counts(spark, dest)).isEqualTo(firstHalf.referenceCounts(APP));

    moveIn(all.files().subList(2, 4), src);
    run(config, src, dest, checkpoint);

    assertThat(Outputs.counts(spark, dest)).isEqualTo(all.referenceCounts(APP));
  }

  private static SparkBaselineConfig oneFilePerBatch(Api api) {
    SparkBaselineConfig t = TestSpark.config(api);
    return new SparkBaselineConfig(
        api,
        t.mode(),
        t.master(),
        t.partitions(),
        null,
        1,
        t.triggerInterval(),
        t.batchInterval(),
        t.runTimeout(),
        t.uiEnabled());
  }

  /** Moves files into the source directory, as a producer publishing finished files would. */
  private static void moveIn(List<Path> files, Path src) throws Exception {
    for (Path f : files) {
      Path target = src.resolve(f.getFileName());
      Files.copy(f, target);
      Files.setLastModifiedTime(
          target, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
    }
  }

  private void run(SparkBaselineConfig config, Path src, String dest, String checkpoint)
      throws Exception {
    JobRunner.run(
        spark,
        config,
        JobRunner.plan(APP, src.toString(), dest, config.partitions()),
        src.toString(),
        dest,
        checkpoint,
        new BatchTimeline(System::currentTimeMillis, 0));
  }
}
