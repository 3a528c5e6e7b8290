package org.dsuite.spark.io;

import java.util.Optional;
import org.dsuite.common.cluster.LocalClusterFile;

/**
 * {@code hdfs:///path} (no NameNode named) means "on the cluster's HDFS": the one given with {@code
 * --hdfs}, else the local cluster's (its {@code cluster.json}). Every other path is used as given,
 * so a local path never silently moves to HDFS.
 */
public final class ClusterPaths {
  private static final String NO_AUTHORITY = "hdfs:///";

  private ClusterPaths() {}

  /** The HDFS to use for {@code hdfs:///} paths: {@code explicit}, else the local cluster's. */
  public static Optional<String> clusterHdfs(String explicit) {
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(explicit);
    }
    return LocalClusterFile.find().map(LocalClusterFile::hdfs).filter(h -> !h.isEmpty());
  }

  /**
   * Resolves {@code path} against {@code hdfs} when it is {@code hdfs:///...}; an error names the
   * path when there is no HDFS to resolve it against.
   */
  public static String resolve(String path, Optional<String> hdfs) {
    if (path == null || !path.startsWith(NO_AUTHORITY)) {
      return path;
    }
    String base =
        hdfs.orElseThrow(
            () ->
                new IllegalArgumentException(
                    path
                        + " names no NameNode and there is no local cluster: give --hdfs"
                        + " hdfs://HOST:PORT or a full hdfs://HOST:PORT/... path"));
    String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    return trimmed + path.substring(NO_AUTHORITY.length() - 1);
  }
}
