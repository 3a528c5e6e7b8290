package org.dsuite.cluster.node;

import org.dsuite.common.config.Settings;

/**
 * Builds one kind of {@link NodeService} in two steps, so that the whole configuration is read and
 * validated (and unknown keys rejected) before any service binds a port or touches a disk.
 */
interface ServiceFactory {
  /** Reads and validates this service's config section; throws ConfigException when invalid. */
  Prepared prepare(NodeConfig node, Settings settings);

  /** A validated service, ready to start. */
  interface Prepared {
    /**
     * What this service announces to the group through swim metadata, e.g. {@code "dfs" ->
     * "127.0.0.1:7102"}, so other nodes find its address.
     */
    default java.util.Map<String, String> metadata() {
      return java.util.Map.of();
    }

    /**
     * Fails with a ConfigException naming the key when an external system this service needs
     * (ZooKeeper, HDFS) does not answer within {@code timeout}; called after every service's config
     * is validated and before any starts.
     */
    default void checkDependencies(java.time.Duration timeout) {}

    /** Starts the service; {@code context} gives access to the services started before it. */
    NodeService start(NodeContext context) throws Exception;
  }
}
