package org.dsuite.spark.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The committed output rows of a stateless app, read without Spark. A Structured Streaming file
 * sink's directory can hold part files of a batch that failed and was re-run; only the files its
 * {@code _spark_metadata} log lists are output, so that log is followed (the latest {@code
 * N.compact} file plus the batch files after it). A DStream output is the committed {@code
 * batch=<time>} directories.
 */
public final class CommittedRows {
  public static final String SINK_LOG = "_spark_metadata";
  private static final Pattern ENTRY =
      Pattern.compile("\"path\":\"((?:[^\"\\\\]|\\\\.)*)\".*\"action\":\"(add|delete)\"");

  private CommittedRows() {}

  /** Every committed row of {@code dest}, file by file. */
  public static List<String> read(String dest, Configuration conf) throws IOException {
    List<String> rows = new ArrayList<>();
    forEach(dest, conf, rows::add);
    return rows;
  }

  /** Streams every committed row of {@code dest} to {@code sink}. */
  public static void forEach(String dest, Configuration conf, Consumer<String> sink)
      throws IOException {
    Path root = new Path(dest);
    FileSystem fs = root.getFileSystem(conf);
    for (Path file : committedFiles(fs, root)) {
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          sink.accept(line);
        }
      }
    }
  }

  private static List<Path> committedFiles(FileSystem fs, Path root) throws IOException {
    Path log = new Path(root, SINK_LOG);
    if (fs.exists(log)) {
      return sinkLogFiles(fs, log);
    }
    List<Path> files = new ArrayList<>();
    for (Path batch : CurrentCounts.batchDirs(fs, root)) {
      for (FileStatus s : fs.listStatus(batch)) {
        String name = s.getPath().getName();
        if (s.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
          files.add(s.getPath());
        }
      }
    }
    return files;
  }

  /** The files the sink log lists as added (and not deleted), in log order. */
  private static List<Path> sinkLogFiles(FileSystem fs, Path log) throws IOException {
    long compact = -1;
    List<Long> batches = new ArrayList<>();
    for (FileStatus s : fs.listStatus(log)) {
      String name = s.getPath().getName();
      try {
        if (name.endsWith(".compact")) {
          compact = Math.max(compact, Long.parseLong(name.substring(0, name.indexOf('.'))));
        } else if (!name.startsWith(".")) {
          batches.add(Long.parseLong(name));
        }
      } catch (NumberFormatException e) {
        // not a log file (e.g. a temporary file of an interrupted write)
      }
    }
    Set<String> files = new LinkedHashSet<>();
    if (compact >= 0) {
      readLog(fs, new Path(log, compact + ".compact"), files);
    }
    batches.sort(null);
    for (long b : batches) {
      if (b > compact) {
        readLog(fs, new Path(log, Long.toString(b)), files);
      }
    }
    List<Path> out = new ArrayList<>();
    for (String f : files) {
      try {
        out.add(new Path(new URI(f)));
      } catch (URISyntaxException e) {
        throw new IOException("bad path in the file sink log: " + f, e);
      }
    }
    return out;
  }

  private static void readLog(FileSystem fs, Path file, Set<String> files) throws IOException {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      String version = in.readLine();
      if (version == null || !version.equals("v1")) {
        throw new IOException(file + ": unsupported file sink log version " + version);
      }
      String line;
      while ((line = in.readLine()) != null) {
        Matcher m = ENTRY.matcher(line);
        if (!m.find()) {
          throw new IOException(file + ": unreadable file sink log entry: " + line);
        }
        String path = m.group(1).replace("\\/", "/").replace("\\\"", "\"").replace("\\\\", "\\");
        if (m.group(2).equals("add")) {
          files.add(path);
        } else {
          files.remove(path);
        }
      }
    }
  }
}
