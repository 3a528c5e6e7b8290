package org.dsuite.spark.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Ties a checkpoint directory to one job. Spark resumes whatever a checkpoint holds (a DStream
 * checkpoint even restores the old graph and ignores the new one), so reusing a checkpoint for a
 * different app, parameters, source or destination would silently run the old job or mix two jobs'
 * output. The first run writes a description of the job next to Spark's files; a later run with a
 * different description stops before Spark starts.
 */
public final class CheckpointGuard {
  public static final String MARKER = "dsuite-job.txt";

  private CheckpointGuard() {}

  /**
   * Claims {@code checkpoint} for the job described by {@code description}, or verifies an earlier
   * claim.
   *
   * @return true if the checkpoint already belonged to this job (a restart)
   * @throws IllegalStateException if it belongs to a different job
   */
  public static boolean claim(String checkpoint, String description, Configuration conf)
      throws IOException {
    Path marker = new Path(checkpoint, MARKER);
    FileSystem fs = marker.getFileSystem(conf);
    if (fs.exists(marker)) {
      String existing;
      try (InputStream in = fs.open(marker)) {
        existing = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!existing.equals(description)) {
        throw new IllegalStateException(
            "checkpoint "
                + checkpoint
                + " belongs to another job:\n"
                + existing
                + "this run is:\n"
                + description
                + "use a fresh --checkpoint (or delete the old one to start over)");
      }
      return true;
    }
    fs.mkdirs(marker.getParent());
    Path tmp = new Path(checkpoint, "." + MARKER + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(description.getBytes(StandardCharsets.UTF_8));
    }
    if (!fs.rename(tmp, marker)) {
      throw new IOException("cannot create " + marker);
    }
    return false;
  }
}
