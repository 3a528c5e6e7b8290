package org.dsuite.cluster.node;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/**
 * One service a node daemon runs (swim member, grep server, HyDFS server, RainStorm worker). The
 * daemon starts services in dependency order and stops them in reverse.
 */
public interface NodeService extends AutoCloseable {
  /** Short name used in config ({@code node.services}) and in the status JSON. */
  String name();

  /** A JSON-serialisable snapshot for the admin endpoint's {@code /status}. */
  Map<String, Object> status();

  /**
   * Registers this service's meters (served by the admin endpoint's {@code /metrics} in Prometheus
   * text format). Called once, after {@link ServiceFactory.Prepared#start}; meters read live state,
   * so nothing has to be pushed to them.
   */
  default void bindMetrics(MeterRegistry registry) {}

  /**
   * First step of a graceful stop, called on every service (in start order) before any is closed:
   * swim leaves the group here, so peers stop routing to this node while its services still answer.
   */
  default void prepareToStop() {}

  /** Graceful stop: leave groups, flush, release ports. */
  @Override
  void close() throws Exception;
}
