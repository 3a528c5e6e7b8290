package org.dsuite.spark.dstream;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.Function;

/**
 * What a DStream file source watches for a {@code --src}: a directory is watched as is; a single
 * file becomes its parent directory with a filter for that one name. Hidden files ({@code .} or
 * {@code _} prefixed, e.g. in-progress copies) are skipped, as by Hadoop's input formats.
 */
public record SourceFiles(
    String directory, String onlyName, long oldestModifiedMs, long newestModifiedMs) {

  /** Lists {@code src} once, for the directory to watch and the input's modification times. */
  public static SourceFiles of(String src, Configuration hadoopConf) throws IOException {
    Path path = new Path(src);
    FileSystem fs = path.getFileSystem(hadoopConf);
    FileStatus status = fs.getFileStatus(path);
    if (status.isFile()) {
      long t = status.getModificationTime();
      return new SourceFiles(path.getParent().toString(), path.getName(), t, t);
    }
    long oldest = Long.MAX_VALUE;
    long newest = 0;
    for (FileStatus f : fs.listStatus(path)) {
      if (f.isFile() && visible(f.getPath().getName())) {
        oldest = Math.min(oldest, f.getModificationTime());
        newest = Math.max(newest, f.getModificationTime());
      }
    }
    return new SourceFiles(
        path.toString(), null, oldest == Long.MAX_VALUE ? newest : oldest, newest);
  }

  /** The file filter for the stream (serializable: it is part of the checkpointed graph). */
  public Function<Path, Boolean> filter() {
    String name = onlyName;
    return p -> visible(p.getName()) && (name == null || name.equals(p.getName()));
  }

  static boolean visible(String name) {
    return !name.startsWith(".") && !name.startsWith("_");
  }
}
