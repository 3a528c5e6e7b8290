package org.dsuite.cluster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What a DStream run's {@code --batch-log} says: which input file went into which batch and when
 * that batch completed (after its output directory was published), in the same form as {@link
 * SparkCheckpoint.Batches} so latency is computed the same way for both Spark APIs. The log is
 * appended while the job runs; a half-written last line (read mid-append) is skipped.
 */
final class DStreamBatchLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DStreamBatchLog() {}

  static SparkCheckpoint.Batches read(Path log) throws IOException {
    Map<String, Long> batchOfFile = new HashMap<>();
    Map<Long, Long> completed = new HashMap<>();
    if (!Files.exists(log)) {
      return new SparkCheckpoint.Batches(batchOfFile, completed);
    }
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      if (!line.endsWith("}")) {
        continue;
      }
      JsonNode n = JSON.readTree(line);
      long batch = n.path("batch_time_ms").asLong();
      // A batch re-run after a restart is logged again: the first completion made it durable.
      completed.putIfAbsent(batch, n.path("completed_epoch_ms").asLong());
      for (JsonNode f : n.path("files")) {
        String p = f.asText();
        batchOfFile.putIfAbsent(p.substring(p.lastIndexOf('/') + 1), batch);
      }
    }
    return new SparkCheckpoint.Batches(batchOfFile, completed);
  }
}
