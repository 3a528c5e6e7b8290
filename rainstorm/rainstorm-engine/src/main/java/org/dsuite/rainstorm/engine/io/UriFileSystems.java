package org.dsuite.rainstorm.engine.io;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Opens the Hadoop file system a URI names: {@code hdfs://} through the HDFS client, {@code
 * file://} as the raw local file system (the checksummed one's side {@code .crc} files do not
 * survive the sink's truncation). HyDFS names (no scheme) are refused until its client is wired in.
 */
public final class UriFileSystems {
  private UriFileSystems() {}

  /**
   * @throws IllegalArgumentException for a name without an {@code hdfs://} or {@code file://}
   *     scheme
   */
  public static FileSystem open(String name, Configuration conf) throws IOException {
    URI uri = checkScheme(name);
    if (uri.getScheme().equals("file")) {
      return FileSystem.getLocal(conf).getRaw();
    }
    return FileSystem.get(uri, conf);
  }

  /** The name as a URI, if its scheme is one the engine reads and writes. */
  public static URI checkScheme(String name) {
    URI uri;
    try {
      uri = URI.create(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + name + "' is not a valid file URI", e);
    }
    String scheme = uri.getScheme();
    if (scheme == null) {
      throw new IllegalArgumentException(
          "'"
              + name
              + "' names a HyDFS file; reading and writing HyDFS from RainStorm is not built yet:"
              + " use hdfs://HOST:PORT/path or file:///path");
    }
    if (!scheme.equals("hdfs") && !scheme.equals("file")) {
      throw new IllegalArgumentException(
          "'" + name + "': unsupported scheme '" + scheme + "' (use hdfs:// or file://)");
    }
    return uri;
  }

  /** A {@link StreamFileSystem} for the file {@code name}. */
  public static StreamFileSystem streams(String name, long leaseRecoveryTimeoutMs)
      throws IOException {
    return streams(name, new Configuration(), leaseRecoveryTimeoutMs);
  }

  public static StreamFileSystem streams(
      String name, Configuration conf, long leaseRecoveryTimeoutMs) throws IOException {
    return new HadoopStreamFileSystem(open(name, conf), leaseRecoveryTimeoutMs);
  }
}
