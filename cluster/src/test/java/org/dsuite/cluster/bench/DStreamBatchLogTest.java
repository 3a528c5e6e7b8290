package org.dsuite.cluster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DStreamBatchLogTest {
  @TempDir Path tmp;

  @Test
  void mapsEachFileToTheFirstCompletionOfItsBatchAndSkipsAHalfWrittenLine() throws Exception {
    Path log = tmp.resolve("batches.jsonl");
    Files.writeString(
        log,
        """
        {"batch_time_ms":1000,"completed_epoch_ms":5000,"files":["hdfs://h:1/in/warmup.csv"]}
        {"batch_time_ms":2000,"completed_epoch_ms":6100,"files":["hdfs://h:1/in/f-000000.csv",\
        "hdfs://h:1/in/f-000001.csv"]}
        {"batch_time_ms":2000,"completed_epoch_ms":9000,"files":[]}
        {"batch_time_ms":3000,"completed_epoch_ms":7100,"files":["hdfs://h:1/in/f-0000""",
        StandardCharsets.UTF_8);
    SparkCheckpoint.Batches b = DStreamBatchLog.read(log);
    assertThat(b.committedAt("warmup.csv")).hasValue(5000);
    assertThat(b.committedAt("f-000000.csv")).hasValue(6100);
    assertThat(b.committedAt("f-000001.csv")).hasValue(6100);
    assertThat(b.committedAt("f-000002.csv")).isEmpty();
    assertThat(DStreamBatchLog.read(tmp.resolve("absent")).batchOfFile()).isEmpty();
  }
}
