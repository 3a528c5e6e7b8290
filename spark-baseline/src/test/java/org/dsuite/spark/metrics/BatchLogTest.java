package org.dsuite.spark.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dsuite.rainstorm.api.job.BenchmarkApp;
import org.dsuite.rainstorm.api.job.BenchmarkApps;
import org.dsuite.rainstorm.api.job.Dataset;
import org.dsuite.spark.JobRunner;
import org.dsuite.spark.config.SparkBaselineConfig;
import org.dsuite.spark.config.SparkBaselineConfig.Api;
import org.dsuite.spark.io.BatchOutput;
import org.dsuite.spark.io.CurrentCounts;
import org.dsuite.spark.testkit.GeneratedInput;
import org.dsuite.spark.testkit.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DStream run with {@code --batch-log}: every input file is named in exactly one completed batch,
 * and that batch's output directory existed when the line was written (its completion time is no
 * earlier than the directory's), which is what the benchmark's latency relies on.
 */
class BatchLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void everyInputFileIsLoggedInTheBatchThatMadeItsOutputDurable() throws Exception {
    BenchmarkApp app = BenchmarkApps.TRAFFIC_APP2;
    GeneratedInput input =
        GeneratedInput.write(Dataset.TRAFFIC_SIGNS, tmp.resolve("in"), 3, 1_000, 5);
    String dest = tmp.resolve("out").toString();
    Path log = tmp.resolve("batches.jsonl");
    SparkBaselineConfig d = TestSpark.config(Api.DSTREAM);
    SparkBaselineConfig config =
        new SparkBaselineConfig(
            d.api(),
            d.mode(),
            d.master(),
            d.partitions(),
            null,
            d.maxFilesPerTrigger(),
            d.triggerInterval(),
            d.batchInterval(),
            d.runTimeout(),
            false,
            log.toString());

    JobRunner.run(
        TestSpark.shared(),
        config,
        JobRunner.plan(app, input.dir().toString(), dest, config.partitions()),
        input.dir().toString(),
        dest,
        config.checkpointFor(dest),
        new BatchTimeline(System::currentTimeMillis, 0));

    List<String> files = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      JsonNode n = JSON.readTree(line);
      long batch = n.get("batch_time_ms").asLong();
      for (JsonNode f : n.get("files")) {
        files.add(f.asText().substring(f.asText().lastIndexOf('/') + 1));
        Path out = Path.of(dest, BatchOutput.BATCH_PREFIX + batch);
        assertThat(out).as("output of the batch that read %s", f.asText()).isDirectory();
        assertThat(n.get("completed_epoch_ms").asLong())
            .isGreaterThanOrEqualTo(Files.getLastModifiedTime(out).toMillis() - 1_000);
      }
    }
    assertThat(files)
        .containsExactlyInAnyOrderElementsOf(
            input.files().stream().map(p -> p.getFileName().toString()).toList());
    Map<String, Long> counts = CurrentCounts.read(dest, new org.apache.hadoop.conf.Configuration());
    assertThat(counts).isEqualTo(input.referenceCounts(app));
  }
}
