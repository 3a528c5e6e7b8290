package org.dsuite.rainstorm.engine.cli;

import java.util.Optional;
import org.dsuite.common.cluster.LocalClusterFile;

/**
 * Defaults for the addresses the CLI needs when none is given: the local cluster's (its {@code
 * cluster.json}, see {@link LocalClusterFile}), else the standard local ports.
 */
final class LocalDefaults {
  private LocalDefaults() {}

  static String zk() {
    return local().map(LocalClusterFile::zk).filter(s -> !s.isEmpty()).orElse("127.0.0.1:2181");
  }

  static String hydfs() {
    String env = System.getenv("DSUITE_RAINSTORM_HYDFS");
    if (env != null && !env.isBlank()) {
      return env;
    }
    return local().flatMap(f -> f.addresses("dfs").stream().findFirst()).orElse("127.0.0.1:7101");
  }

  /** An unreadable cluster.json is reported and ignored: the explicit flags still work. */
  private static Optional<LocalClusterFile> local() {
    try {
      return LocalClusterFile.find();
    } catch (RuntimeException e) {
      System.err.println("rainstorm: ignoring the local cluster file: " + e.getMessage());
      return Optional.empty();
    }
  }
}
