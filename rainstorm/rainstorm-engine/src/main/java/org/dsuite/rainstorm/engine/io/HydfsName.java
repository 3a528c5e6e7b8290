package org.dsuite.rainstorm.engine.io;

import org.dsuite.common.net.HostPort;
import org.dsuite.dfs.core.FileNames;

/**
 * A HyDFS file as a job names it: {@code hydfs://HOST:PORT/NAME}, where {@code HOST:PORT} is a
 * HyDFS node to talk to and {@code NAME} the file's key, taken verbatim (keys are opaque and may
 * contain characters a URI would not allow, so this is not parsed as a URI). The submitter turns a
 * plain name from the command line into this form with its {@code --hydfs} node, so every worker
 * knows where the file lives without a worker-side setting.
 */
public record HydfsName(HostPort node, String name) {
  public static final String SCHEME = "hydfs://";

  public HydfsName {
    FileNames.validate(name);
  }

  public static boolean is(String uri) {
    return uri.startsWith(SCHEME);
  }

  /**
   * @throws IllegalArgumentException if {@code uri} is not {@code hydfs://HOST:PORT/NAME}
   */
  public static HydfsName parse(String uri) {
    if (!is(uri)) {
      throw new IllegalArgumentException("not a HyDFS name: '" + uri + "'");
    }
    int slash = uri.indexOf('/', SCHEME.length());
    if (slash < 0 || slash == uri.length() - 1) {
      throw new IllegalArgumentException(
          "'" + uri + "' must look like hydfs://HOST:PORT/NAME (no file name)");
    }
    return new HydfsName(
        HostPort.parse(uri.substring(SCHEME.length(), slash)), uri.substring(slash + 1));
  }

  /** A plain HyDFS file name on node {@code node}. */
  public static String of(HostPort node, String name) {
    return new HydfsName(node, name).toString();
  }

  @Override
  public String toString() {
    return SCHEME + node + "/" + name;
  }
}
