package org.dsuite.spark.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code --batch-log FILE}: one JSON line per completed DStream batch, appended as it completes, so
 * an observer (the head-to-head benchmark) can tell when each input file's output became durable,
 * also while the job runs and after it was killed:
 *
 * <pre>{"batch_time_ms":T,"completed_epoch_ms":C,"files":["hdfs://.../f-000001.csv",...]}</pre>
 *
 * A batch completes only after its output operation has published its directory, so {@code
 * completed_epoch_ms} is an upper bound of when the batch's rows were durable. A batch re-run after
 * a driver restart appears again with its new completion time.
 */
public final class BatchLog {
  private final Path file;

  public BatchLog(Path file) {
    this.file = file;
  }

  /** Appends one completed batch (a line at a time, so a reader never sees half a batch). */
  public synchronized void completed(long batchTimeMs, long completedEpochMs, List<String> files) {
    String line =
        String.format(
                Locale.ROOT,
                "{\"batch_time_ms\":%d,\"completed_epoch_ms\":%d,\"files\":[%s]}",
                batchTimeMs,
                completedEpochMs,
                files.stream().map(f -> "\"" + jsonText(f) + "\"").collect(Collectors.joining(",")))
            + "\n";
    try {
      Files.writeString(
          file,
          line,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the batch log " + file, e);
    }
  }

  static String jsonText(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
