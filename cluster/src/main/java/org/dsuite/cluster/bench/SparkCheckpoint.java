package org.dsuite.cluster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What a Structured Streaming checkpoint says about a finished query: which input file went into
 * which micro-batch ({@code sources/0/N}, and the {@code N.compact} files Spark folds older entries
 * into) and when each batch committed (the modification time of {@code commits/N}, set by the
 * NameNode when Spark closes it, after the batch's output is written). Used for latency: a row's
 * output is durable no later than its batch's commit.
 */
final class SparkCheckpoint {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Input file name (last path element) to batch id, and batch id to commit time (epoch ms). */
  record Batches(Map<String, Long> batchOfFile, Map<Long, Long> commitMsOfBatch) {
    /** When the batch holding {@code fileName} committed, if it has. */
    OptionalLong committedAt(String fileName) {
      Long b = batchOfFile.get(fileName);
      Long t = b == null ? null : commitMsOfBatch.get(b);
      return t == null ? OptionalLong.empty() : OptionalLong.of(t);
    }
  }

  private SparkCheckpoint() {}

  static Batches read(String checkpoint) throws IOException {
    Map<String, Long> batchOfFile = new HashMap<>();
    Map<Long, Long> commits = new HashMap<>();
    try (FileSystem fs = FileSystem.newInstance(URI.create(checkpoint), new Configuration())) {
      Path sources = new Path(checkpoint + "/sources/0");
      if (fs.exists(sources)) {
        for (FileStatus st : fs.listStatus(sources)) {
          String name = st.getPath().getName();
          if (name.matches("\\d+(\\.compact)?")) {
            try (InputStream in = fs.open(st.getPath())) {
              parseSourceLog(new String(in.readAllBytes(), StandardCharsets.UTF_8), batchOfFile);
            }
          }
        }
      }
      Path commitDir = new Path(checkpoint + "/commits");
      if (fs.exists(commitDir)) {
        for (FileStatus st : fs.listStatus(commitDir)) {
          String name = st.getPath().getName();
          if (name.matches("\\d+")) {
            commits.put(Long.parseLong(name), st.getModificationTime());
          }
        }
      }
    }
    return new Batches(batchOfFile, commits);
  }

  /** A file-source log: a version line ({@code v1}), then one JSON entry per input file. */
  static void parseSourceLog(String text, Map<String, Long> batchOfFile) throws IOException {
    for (String line : text.split("\n")) {
      if (line.isBlank() || !line.startsWith("{")) {
        continue;
      }
      JsonNode e = JSON.readTree(line);
      JsonNode path = e.get("path");
      JsonNode batch = e.get("batchId");
      if (path != null && batch != null) {
        String p = path.asText();
        batchOfFile.put(p.substring(p.lastIndexOf('/') + 1), batch.asLong());
      }
    }
  }
}
