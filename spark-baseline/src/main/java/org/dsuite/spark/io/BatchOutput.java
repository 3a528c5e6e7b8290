package org.dsuite.spark.io;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Idempotent per-batch output: batch {@code id} lands in {@code dest/batch=<id>} all at once or not
 * at all. The batch is written into {@code dest/_staging/batch=<id>} first and renamed into place
 * (a rename is atomic on HDFS and on a local disk), replacing any earlier attempt of the same
 * batch, so a batch that Spark replays after a failure overwrites its own output instead of adding
 * to it. Readers skip {@code _staging} (Spark and Hive ignore names starting with {@code _}).
 */
public final class BatchOutput implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Directory prefix of one batch's output; the suffix is the batch id (or DStream time). */
  public static final String BATCH_PREFIX = "batch=";

  public static final String STAGING = "_staging";

  /** Writes one batch's rows into the given (absent) directory, e.g. with Spark's text writer. */
  @FunctionalInterface
  public interface DirectoryWriter {
    void writeInto(String directory) throws IOException;
  }

  private final String dest;

  public BatchOutput(String dest) {
    this.dest = dest;
  }

  public String dest() {
    return dest;
  }

  /** The committed directory of a batch. */
  public Path batchDir(long batchId) {
    return new Path(dest, BATCH_PREFIX + batchId);
  }

  /** Writes batch {@code batchId} through {@code writer} and publishes it atomically. */
  public void commit(Configuration hadoopConf, long batchId, DirectoryWriter writer) {
    Path staging = new Path(new Path(dest, STAGING), BATCH_PREFIX + batchId);
    Path target = batchDir(batchId);
    try {
      FileSystem fs = staging.getFileSystem(hadoopConf);
      // A crash mid-write leaves a partial staging directory: start the replay from nothing.
      fs.delete(staging, true);
      writer.writeInto(staging.toString());
      if (fs.exists(target) && !fs.delete(target, true)) {
        throw new IOException("cannot replace earlier output " + target);
      }
      if (!fs.rename(staging, target)) {
        throw new IOException("cannot rename " + staging + " to " + target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing batch " + batchId + " to " + dest, e);
    }
  }
}
