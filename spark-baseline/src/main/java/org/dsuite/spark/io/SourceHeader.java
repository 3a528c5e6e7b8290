package org.dsuite.spark.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads line 1 of the input (the header both engines take the schema from), on the driver, before
 * the job is planned. For a directory it is line 1 of the first visible file in name order; every
 * input file is expected to start with the same header (the Spark job drops that line from each).
 */
public final class SourceHeader {
  private SourceHeader() {}

  /** Line 1 of the input, or empty if the input has no file yet (or an empty one). */
  public static Optional<String> read(String src, Configuration conf) throws IOException {
    Path path = new Path(src);
    FileSystem fs = path.getFileSystem(conf);
    if (!fs.exists(path)) {
      throw new IOException("input " + src + " does not exist");
    }
    FileStatus status = fs.getFileStatus(path);
    Optional<Path> first =
        status.isFile()
            ? Optional.of(path)
            : Arrays.stream(fs.listStatus(path))
                .filter(FileStatus::isFile)
                .map(FileStatus::getPath)
                .filter(p -> !p.getName().startsWith(".") && !p.getName().startsWith("_"))
                .min(Comparator.comparing(Path::getName));
    if (first.isEmpty()) {
      return Optional.empty();
    }
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(fs.open(first.get()), StandardCharsets.UTF_8))) {
      return Optional.ofNullable(in.readLine());
    }
  }
}
