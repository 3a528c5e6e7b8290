package org.dsuite.cluster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkCheckpointTest {
  @Test
  void sourceLogMapsEachFileToItsBatch() throws Exception {
    // The shape Spark 4.1's FileStreamSourceLog writes (a version line, one JSON entry per file).
    String log =
        "v1\n"
            + "{\"path\":\"hdfs://127.0.0.1:7291/bench/x/in/f-000001.csv\",\"timestamp\":1,"
            + "\"batchId\":4}\n"
            + "{\"path\":\"file:///tmp/in/f-000002.csv\",\"timestamp\":2,\"batchId\":4}\n";
    Map<String, Long> m = new HashMap<>();
    SparkCheckpoint.parseSourceLog(log, m);
    assertThat(m).containsOnly(Map.entry("f-000001.csv", 4L), Map.entry("f-000002.csv", 4L));
  }

  @Test
  void commitTimesAndCompactedLogsAreRead(@TempDir Path dir) throws Exception {
    Path sources = Files.createDirectories(dir.resolve("sources/0"));
    Files.writeString(
        sources.resolve("9.compact"),
        "v1\n{\"path\":\"file:/in/a.csv\",\"timestamp\":1,\"batchId\":0}\n"
            + "{\"path\":\"file:/in/b.csv\",\"timestamp\":1,\"batchId\":9}\n");
    Files.writeString(
        sources.resolve("10"),
        "v1\n{\"path\":\"file:/in/c.csv\",\"timestamp\":1,\"batchId\":10}\n");
    Path commits = Files.createDirectories(dir.resolve("commits"));
    Files.writeString(commits.resolve("0"), "v1\n{}");
    Files.writeString(commits.resolve("9"), "v1\n{}");
    Files.writeString(commits.resolve(".9.crc"), "x");
    Files.setLastModifiedTime(
        commits.resolve("9"), java.nio.file.attribute.FileTime.fromMillis(123_000));
    SparkCheckpoint.Batches b = SparkCheckpoint.read(dir.toUri().toString());
    assertThat(b.committedAt("b.csv")).hasValue(123_000);
    assertThat(b.committedAt("a.csv")).isPresent();
    // Batch 10 read its file but has not committed: no latency for it yet.
    assertThat(b.committedAt("c.csv")).isEmpty();
    assertThat(b.committedAt("unknown.csv")).isEmpty();
  }
}
