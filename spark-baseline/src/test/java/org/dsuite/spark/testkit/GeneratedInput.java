package org.dsuite.spark.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dsuite.rainstorm.api.gen.DatasetWriter;
import org.dsuite.rainstorm.api.job.BenchmarkApp;
import org.dsuite.rainstorm.api.job.Dataset;
import org.dsuite.rainstorm.api.reference.Reference;
import org.dsuite.rainstorm.api.reference.ReferenceResult;

/**
 * A directory of generated input files (rainstorm-api's generator, one seed per file, each file
 * with its header line) and the independent reference output of an app over all of them.
 */
public record GeneratedInput(Dataset dataset, Path dir, List<Path> files) {

  /** Writes {@code fileCount} files of {@code rowsPerFile} rows into {@code dir}. */
  public static GeneratedInput write(
      Dataset dataset, Path dir, int fileCount, long rowsPerFile, long seed) throws IOException {
    Files.createDirectories(dir);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < fileCount; i++) {
      Path f = dir.resolve(String.format("part-%03d.csv", i));
      try (OutputStream out = Files.newOutputStream(f)) {
        new DatasetWriter(dataset, seed + i).write(out, rowsPerFile, null, 1);
      }
      files.add(f);
    }
    return new GeneratedInput(dataset, dir, List.copyOf(files));
  }

  /** The reference output rows of {@code app} over every file, as one list (a multiset). */
  public List<String> referenceRows(BenchmarkApp app) throws IOException {
    List<String> rows = new ArrayList<>();
    for (Path f : files) {
      rows.addAll(Reference.run(app, f).lines());
    }
    return rows;
  }

  /** The reference final count per key of a counting {@code app} over every file. */
  public Map<String, Long> referenceCounts(BenchmarkApp app) throws IOException {
    Map<String, Long> counts = new TreeMap<>();
    for (Path f : files) {
      ReferenceResult r = Reference.run(app, f);
      r.finalCounts().forEach((k, v) -> counts.merge(k, v, Long::sum));
    }
    return counts;
  }
}
