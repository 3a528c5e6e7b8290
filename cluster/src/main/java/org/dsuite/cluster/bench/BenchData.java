package org.dsuite.cluster.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.dsuite.rainstorm.api.gen.DatasetWriter;
import org.dsuite.rainstorm.api.job.BenchmarkApp;
import org.dsuite.rainstorm.api.job.Dataset;
import org.dsuite.rainstorm.api.reference.Reference;
import org.dsuite.rainstorm.api.reference.ReferenceResult;

/**
 * The benchmark's inputs: each dataset and size generated once (rainstorm-api's generator, a fixed
 * seed) and loaded into HDFS twice with the same rows: one file for RainStorm (its source is a
 * file) and the same file split into files of {@code rowsPerFile} rows, each starting with the
 * header, for Spark's file source (a directory of files, the unit of a micro-batch). The reference
 * output of each app is computed once from the local copy.
 */
final class BenchData {
  private static final long SEED = 42;

  private final Path localDir;
  private final String hdfs;
  private final long rowsPerFile;
  private final Map<String, ReferenceResult> references = new HashMap<>();
  private final Map<String, String> inputBytes = new TreeMap<>();

  /** Written last into a Spark input directory: its presence means the copy is complete. */
  static final String COMPLETE = "_dsuite-complete";

  BenchData(Path localDir, String hdfs, long rowsPerFile) {
    this.localDir = localDir;
    this.hdfs = hdfs;
    this.rowsPerFile = rowsPerFile;
  }

  static Dataset dataset(String name) {
    return switch (name) {
      case "traffic" -> Dataset.TRAFFIC_SIGNS;
      case "web" -> Dataset.WEB_ACCESS;
      default -> throw new IllegalArgumentException("unknown dataset " + name);
    };
  }

  static String label(long rows) {
    if (rows % 1_000_000 == 0) {
      return rows / 1_000_000 + "m";
    }
    return rows % 1_000 == 0 ? rows / 1_000 + "k" : Long.toString(rows);
  }

  Path local(String dataset, long rows) {
    return localDir.resolve(dataset + "-" + label(rows) + ".csv");
  }

  /** The single-file HDFS copy RainStorm reads. */
  String rainstormInput(String dataset, long rows) {
    return hdfs + "/bench/in/" + dataset + "-" + label(rows) + ".csv";
  }

  /** The HDFS directory of header-prefixed files Spark reads. */
  String sparkInput(String dataset, long rows) {
    return hdfs + "/bench/in/" + dataset + "-" + label(rows) + "-files";
  }

  /**
   * Generates the local file (unless an earlier bench left it) and loads both HDFS copies (unless
   * already there, complete and of the same size), printing progress; refuses to start when the
   * disk cannot hold the local file, both HDFS copies and one run's output.
   */
  String prepare(String dataset, long rows, PrintStream progress) throws IOException {
    Path file = local(dataset, rows);
    Files.createDirectories(localDir);
    if (!Files.exists(file)) {
      requireDiskFor(dataset, rows);
      progress.printf(Locale.ROOT, "      generating %s %,d rows ...%n", dataset, rows);
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (OutputStream o = Files.newOutputStream(tmp)) {
        new DatasetWriter(dataset(dataset), SEED)
            .write(o, rows, indented(progress), Math.max(1_000_000, rows / 5));
      }
      Files.move(tmp, file);
    }
    long size = Files.size(file);
    int files;
    String reused;
    try (FileSystem fs = FileSystem.newInstance(URI.create(hdfs), new Configuration())) {
      org.apache.hadoop.fs.Path single = hpath(rainstormInput(dataset, rows));
      org.apache.hadoop.fs.Path dir = hpath(sparkInput(dataset, rows));
      org.apache.hadoop.fs.Path marker = new org.apache.hadoop.fs.Path(dir, COMPLETE);
      if (fs.exists(single)
          && fs.getFileStatus(single).getLen() == size
          && fs.exists(marker)
          && fs.getFileStatus(marker).getLen() > 0) {
        files = fs.listStatus(dir, p -> p.getName().startsWith("part-")).length;
        reused = "already in HDFS";
      } else {
        progress.printf(
            Locale.ROOT, "      loading %s into HDFS (%,d KiB x 2) ...%n", dataset, size >> 10);
        fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(file.toUri()), single);
        files = split(fs, file, dir);
        try (OutputStream m = fs.create(marker, true)) {
          m.write((files + " files\n").getBytes(StandardCharsets.UTF_8));
        }
        reused = "loaded into HDFS";
      }
    }
    inputBytes.put(
        dataset + "-" + label(rows),
        String.format(
            Locale.ROOT,
            "RainStorm %,d bytes in 1 file; Spark %,d bytes in %d files (the same rows, + %d"
                + " header lines)",
            size,
            size + (files - 1) * (headerBytes(file) + 1),
            files,
            files - 1));
    return String.format(
        Locale.ROOT,
        "%s %,d rows (%,d KiB): 1 file for RainStorm, %d files for Spark (%s)",
        dataset,
        rows,
        size / 1024,
        files,
        reused);
  }

  /** Input bytes per engine for each dataset and size, for the report's environment section. */
  Map<String, String> inputBytes() {
    return new TreeMap<>(inputBytes);
  }

  /** Deletes the generated local inputs ({@code bench.keep-data=false}). */
  void deleteLocal() throws IOException {
    if (!Files.isDirectory(localDir)) {
      return;
    }
    try (var files = Files.list(localDir)) {
      for (Path f : files.toList()) {
        if (f.getFileName().toString().endsWith(".csv")
            || f.getFileName().toString().endsWith(".tmp")) {
          Files.delete(f);
        }
      }
    }
  }

  /**
   * The local copy, two HDFS copies (on the same disk with the embedded HDFS) and at most one run's
   * output (outputs are deleted after each run), with 1 GiB to spare.
   */
  private void requireDiskFor(String dataset, long rows) throws IOException {
    long perRow = bytesPerRow(dataset(dataset));
    long need = rows * perRow * 4 + (1L << 30);
    long free = Files.getFileStore(localDir).getUsableSpace();
    if (free < need) {
      throw new IOException(
          String.format(
              Locale.ROOT,
              "not enough disk for %s %,d rows under %s: about %,d MiB needed, %,d MiB free",
              dataset,
              rows,
              localDir,
              need >> 20,
              free >> 20));
    }
  }

  /** Average bytes per generated row (a 2,000-row sample; the generator is deterministic). */
  static long bytesPerRow(Dataset d) throws IOException {
    var sample = new java.io.ByteArrayOutputStream();
    new DatasetWriter(d, SEED).write(sample, 2_000, null, 2_000);
    return Math.max(1, sample.size() / 2_000 + 1);
  }

  private static long headerBytes(Path file) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String h = in.readLine();
      return h == null ? 0 : h.getBytes(StandardCharsets.UTF_8).length;
    }
  }

  private static PrintStream indented(PrintStream out) {
    return new PrintStream(
        new OutputStream() {
          private boolean lineStart = true;

          @Override
          public void write(int b) {
            if (lineStart) {
              out.print("      ");
            }
            out.write(b);
            lineStart = b == '\n';
          }
        },
        true,
        StandardCharsets.UTF_8);
  }

  private int split(FileSystem fs, Path file, org.apache.hadoop.fs.Path dir) throws IOException {
    // A copy interrupted half-way must not pass for complete: the marker goes last.
    fs.delete(dir, true);
    fs.mkdirs(dir);
    int n = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      String line = in.readLine();
      while (line != null) {
        org.apache.hadoop.fs.Path part =
            new org.apache.hadoop.fs.Path(dir, String.format(Locale.ROOT, "part-%05d.csv", n++));
        try (BufferedWriter w =
            new BufferedWriter(new OutputStreamWriter(fs.create(part), StandardCharsets.UTF_8))) {
          w.write(header);
          w.write('\n');
          for (long i = 0; i < rowsPerFile && line != null; i++) {
            w.write(line);
            w.write('\n');
            line = in.readLine();
          }
        }
      }
    }
    return n;
  }

  /** The header and the first {@code n} rows of the local copy. */
  List<String> head(String dataset, long rows, long n) throws IOException {
    List<String> out = new ArrayList<>();
    try (BufferedReader in =
        Files.newBufferedReader(local(dataset, rows), StandardCharsets.UTF_8)) {
      String line = in.readLine();
      while (line != null && out.size() <= n) {
        out.add(line);
        line = in.readLine();
      }
    }
    return out;
  }

  /** Writes {@code lines} as a file at the HDFS URI {@code uri}. */
  void put(String uri, List<String> lines) throws IOException {
    FileSystem fs = FileSystem.newInstance(URI.create(hdfs), new Configuration());
    try (BufferedWriter w =
        new BufferedWriter(
            new OutputStreamWriter(fs.create(hpath(uri), true), StandardCharsets.UTF_8))) {
      for (String l : lines) {
        w.write(l);
        w.write('\n');
      }
    } finally {
      closeQuietly(fs);
    }
  }

  /**
   * Closes a file system whose stream is already closed. A failed write (e.g. a full disk) makes
   * HDFS rethrow the same exception from both closes; the write's own error is the one to report.
   */
  static void closeQuietly(FileSystem fs) {
    try {
      fs.close();
    } catch (IOException e) {
      // the caller's write already succeeded or already failed with the real cause
    }
  }

  ReferenceResult reference(BenchmarkApp app, String dataset, long rows) throws IOException {
    String key = app.id() + "/" + rows;
    ReferenceResult r = references.get(key);
    if (r == null) {
      r = Reference.run(app, local(dataset, rows));
      references.put(key, r);
    }
    return r;
  }

  static org.apache.hadoop.fs.Path hpath(String uri) {
    return new org.apache.hadoop.fs.Path(URI.create(uri));
  }

  static PrintStream nowhere() {
    return new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
  }
}
