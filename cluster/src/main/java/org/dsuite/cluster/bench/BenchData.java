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

  /** Generates the local file (unless already there) and loads both HDFS copies. */
  String prepare(String dataset, long rows) throws IOException {
    Path file = local(dataset, rows);
    Files.createDirectories(localDir);
    if (!Files.exists(file)) {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (OutputStream o = Files.newOutputStream(tmp)) {
        new DatasetWriter(dataset(dataset), SEED).write(o, rows, nowhere(), rows);
      }
      Files.move(tmp, file);
    }
    int files;
    try (FileSystem fs = FileSystem.newInstance(URI.create(hdfs), new Configuration())) {
      fs.copyFromLocalFile(
          false,
          true,
          new org.apache.hadoop.fs.Path(file.toUri()),
          hpath(rainstormInput(dataset, rows)));
      files = split(fs, file, hpath(sparkInput(dataset, rows)));
    }
    return String.format(
        Locale.ROOT,
        "%s %,d rows (%,d KiB): 1 file for RainStorm, %d files for Spark",
        dataset,
        rows,
        Files.size(file) / 1024,
        files);
  }

  private int split(FileSystem fs, Path file, org.apache.hadoop.fs.Path dir) throws IOException {
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
    try (FileSystem fs = FileSystem.newInstance(URI.create(hdfs), new Configuration());
        BufferedWriter w =
            new BufferedWriter(
                new OutputStreamWriter(fs.create(hpath(uri), true), StandardCharsets.UTF_8))) {
      for (String l : lines) {
        w.write(l);
        w.write('\n');
      }
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
