package org.dsuite.cluster.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.dsuite.common.config.ConfigException;
import org.dsuite.common.config.Settings;

/**
 * The node daemon's own settings (section {@code node.}); each service reads its own section
 * ({@code swim.}, {@code grep.}, {@code dfs.}, {@code rainstorm.}) from the same file.
 *
 * @param name a short human name for logs and {@code bin/cluster} (e.g. {@code node3})
 * @param host the address the admin endpoint binds to
 * @param stateDir everything this node writes lives under here (logs, data, task state)
 * @param adminPort HTTP port of {@code /status}, {@code /metrics} and {@code /health}
 * @param services the services to run, started in the order of {@link #KNOWN_SERVICES}
 * @param dependencyTimeout how long start-up waits for ZooKeeper and HDFS to accept a connection
 *     before it gives up with an error (10 s: enough for an ensemble that is itself starting)
 */
public record NodeConfig(
    String name,
    String host,
    Path stateDir,
    int adminPort,
    List<String> services,
    Duration dependencyTimeout) {
  /** In start order: later services build on earlier ones. */
  public static final List<String> KNOWN_SERVICES = List.of("swim", "grep", "dfs", "rainstorm");

  public NodeConfig {
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
      throw new ConfigException(
          "node.name", "must be 1-63 letters, digits, '_', '.' or '-', got '" + name + "'");
    }
    for (String s : services) {
      if (!KNOWN_SERVICES.contains(s)) {
        throw new ConfigException(
            "node.services", "unknown service '" + s + "'; known: " + KNOWN_SERVICES);
      }
    }
    if (Set.copyOf(services).size() != services.size()) {
      throw new ConfigException("node.services", "lists a service twice: " + services);
    }
    services = KNOWN_SERVICES.stream().filter(services::contains).toList();
  }

  public static NodeConfig from(Settings all) {
    Settings s = all.section("node");
    return new NodeConfig(
        s.nonEmpty("name", "node"),
        s.nonEmpty("host", "127.0.0.1"),
        s.path("state-dir", Path.of("state", "node")),
        s.intIn("admin-port", 7104, 0, 65_535),
        s.list(
            "services",
            KNOWN_SERVICES.stream().filter(ServiceFactories.available()::contains).toList()),
        s.millis(
            "dependency-timeout-ms",
            Duration.ofSeconds(10),
            Duration.ofMillis(100),
            Duration.ofMinutes(10)));
  }
}
