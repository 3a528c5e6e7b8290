package org.dsuite.spark.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dsuite.rainstorm.api.csv.CsvRecord;
import org.dsuite.rainstorm.api.csv.MalformedCsvException;

/**
 * The current counts of a running-count job, read from its output without Spark: the committed
 * {@code batch=<id>} directories in id order, each holding {@code key,count} rows for the keys the
 * batch updated, the later batch winning per key. This is the same reading as RainStorm's output
 * file, where the last line per key is its count. Staging directories are never read.
 */
public final class CurrentCounts {
  private CurrentCounts() {}

  /** Key to current count, ordered by key. */
  public static Map<String, Long> read(String dest, Configuration conf) throws IOException {
    Map<String, Long> counts = new TreeMap<>();
    Path root = new Path(dest);
    FileSystem fs = root.getFileSystem(conf);
    CsvRecord record = new CsvRecord();
    for (Path batch : batchDirs(fs, root)) {
      for (FileStatus part : fs.listStatus(batch)) {
        String name = part.getPath().getName();
        if (part.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
          readRows(fs, part.getPath(), record, counts);
        }
      }
    }
    return counts;
  }

  /** The committed batch directories of {@code root}, in batch order. */
  public static List<Path> batchDirs(FileSystem fs, Path root) throws IOException {
    List<Path> dirs = new ArrayList<>();
    if (!fs.exists(root)) {
      return dirs;
    }
    for (FileStatus s : fs.listStatus(root)) {
      if (s.isDirectory() && batchId(s.getPath().getName()) >= 0) {
        dirs.add(s.getPath());
      }
    }
    dirs.sort(Comparator.comparingLong(p -> batchId(p.getName())));
    return dirs;
  }

  private static long batchId(String name) {
    if (!name.startsWith(BatchOutput.BATCH_PREFIX)) {
      return -1;
    }
    try {
      return Long.parseLong(name.substring(BatchOutput.BATCH_PREFIX.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void readRows(FileSystem fs, Path file, CsvRecord record, Map<String, Long> counts)
      throws IOException {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      String line;
      long lineNumber = 0;
      while ((line = in.readLine()) != null) {
        lineNumber++;
        try {
          record.parse(line);
          if (record.size() != 2) {
            throw new MalformedCsvException("expected key,count", 0);
          }
          counts.put(record.get(0), Long.parseLong(record.get(1)));
        } catch (MalformedCsvException | NumberFormatException e) {
          throw new IOException(
              file + ":" + lineNumber + ": not a key,count row: " + e.getMessage(), e);
        }
      }
    }
  }
}
