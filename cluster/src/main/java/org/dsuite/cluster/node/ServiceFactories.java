package org.dsuite.cluster.node;

import java.util.Map;
import java.util.Set;
import org.dsuite.common.config.ConfigException;

/**
 * The services this build of the node daemon can run, by the names used in {@code node.services}.
 */
public final class ServiceFactories {
  private static final Map<String, ServiceFactory> FACTORIES =
      Map.of(
          "swim",
          SwimService.FACTORY,
          "grep",
          GrepService.FACTORY,
          "dfs",
          DfsService.FACTORY,
          "rainstorm",
          RainstormService.FACTORY);

  private ServiceFactories() {}

  /** Names of the services this build can run. */
  public static Set<String> available() {
    return FACTORIES.keySet();
  }

  static ServiceFactory forName(String name) {
    ServiceFactory f = FACTORIES.get(name);
    if (f == null) {
      throw new ConfigException(
          "node.services",
          "service '"
              + name
              + "' is not available in this build; available: "
              + FACTORIES.keySet());
    }
    return f;
  }
}
