package org.dsuite.rainstorm.engine.io;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.dsuite.common.net.HostPort;

/**
 * Opens the Hadoop file system a URI names: {@code hdfs://} through the HDFS client, {@code
 * file://} as the raw local file system (the checksummed one's side {@code .crc} files do not
 * survive the sink's truncation); {@code hydfs://HOST:PORT/NAME} through the HyDFS client.
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
              + "' has no scheme: a HyDFS name must first be resolved to hydfs://HOST:PORT/NAME");
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

  /**
   * A {@link StreamFileSystem} for the file {@code name}: HyDFS for {@code hydfs://HOST:PORT/NAME}
   * ({@link HydfsName}), else through Hadoop ({@code hdfs://}, {@code file://}).
   */
  public static StreamFileSystem streams(
      String name, Configuration conf, long leaseRecoveryTimeoutMs) throws IOException {
    if (HydfsName.is(name)) {
      return new HydfsStreamFileSystem(
          HydfsName.parse(name).node(), HydfsStreamFileSystem.WORKER_DEADLINE_MS);
    }
    return new HadoopStreamFileSystem(open(name, conf), leaseRecoveryTimeoutMs);
  }

  /** For the submitter: HyDFS operations give up after {@code hydfsDeadlineMs}. */
  public static StreamFileSystem streams(
      String name, long leaseRecoveryTimeoutMs, long hydfsDeadlineMs) throws IOException {
    if (HydfsName.is(name)) {
      return new HydfsStreamFileSystem(HydfsName.parse(name).node(), hydfsDeadlineMs);
    }
    return streams(name, leaseRecoveryTimeoutMs);
  }

  /**
   * The name a job uses for a command-line file name: a name with a scheme as it is, a plain name
   * as the HyDFS file of that name on {@code hydfsNode} ({@code hydfs://HOST:PORT/NAME}).
   *
   * @throws IllegalArgumentException for an unsupported scheme or an invalid HyDFS name
   */
  public static String resolve(String name, HostPort hydfsNode) {
    if (HydfsName.is(name)) {
      HydfsName.parse(name);
      return name;
    }
    if (name.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      checkScheme(name);
      return name;
    }
    return HydfsName.of(hydfsNode, name);
  }
}
