package org.dsuite.cluster.node;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.dsuite.common.config.ConfigException;
import org.dsuite.common.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts a node's services in order, serves the admin endpoint, stops everything on SIGTERM. */
final class NodeDaemon {
  private static final Logger log = LoggerFactory.getLogger(NodeDaemon.class);

  private final NodeConfig config;
  private final Settings settings;
  private final PrometheusMeterRegistry metrics =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<NodeService> running = new ArrayList<>();

  NodeDaemon(NodeConfig config, Settings settings) {
    this.config = config;
    this.settings = settings;
    metrics.config().commonTags("node", config.name());
    new ClassLoaderMetrics().bindTo(metrics);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmGcMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    new UptimeMetrics().bindTo(metrics);
  }

  /**
   * Builds (and so validates) every enabled service's config, then rejects keys no service read.
   * Nothing is bound or opened yet.
   */
  static List<ServiceFactory.Prepared> prepareAll(NodeConfig config, Settings settings) {
    List<ServiceFactory.Prepared> prepared = new ArrayList<>();
    for (String name : config.services()) {
      prepared.add(ServiceFactories.forName(name).prepare(config, settings));
    }
    settings.checkNoUnknownKeys();
    return prepared;
  }

  int runUntilStopped() throws InterruptedException {
    List<ServiceFactory.Prepared> prepared;
    try {
      prepared = prepareAll(config, settings);
      for (ServiceFactory.Prepared p : prepared) {
        p.checkDependencies(config.dependencyTimeout());
      }
    } catch (ConfigException e) {
      System.err.println("node: invalid configuration: " + e.getMessage());
      return 2;
    }

    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("admin", config.host() + ":" + config.adminPort());
    metadata.put("node", config.name());
    prepared.forEach(p -> metadata.putAll(p.metadata()));
    NodeContext context = new NodeContext(config, metadata);
    AdminServer admin;
    try {
      for (ServiceFactory.Prepared p : prepared) {
        NodeService service = p.start(context);
        running.add(service);
        context.add(service);
        service.bindMetrics(metrics);
        log.info("started {}", service.name());
      }
      admin = new AdminServer(config.host(), config.adminPort(), this::status, metrics);
    } catch (Exception e) {
      log.error("start-up failed", e);
      System.err.println("node: start-up failed: " + e.getMessage());
      stopAll();
      return 2;
    }

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("SIGTERM: stopping {}", config.name());
                  admin.close();
                  stopAll();
                  stopped.countDown();
                },
                "node-shutdown"));
    System.out.println(
        "node "
            + config.name()
            + " running "
            + config.services()
            + "; admin http://"
            + config.host()
            + ":"
            + admin.port()
            + "/status");
    stopped.await();
    return 0;
  }

  private Map<String, Object> status() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("node", config.name());
    out.put("pid", ProcessHandle.current().pid());
    Map<String, Object> services = new LinkedHashMap<>();
    for (NodeService s : List.copyOf(running)) {
      try {
        services.put(s.name(), s.status());
      } catch (RuntimeException e) {
        services.put(s.name(), Map.of("error", String.valueOf(e.getMessage())));
      }
    }
    out.put("services", services);
    return out;
  }

  /** Stops services in reverse start order; one failing to stop does not keep the others up. */
  private synchronized void stopAll() {
    for (NodeService s : running) {
      try {
        s.prepareToStop();
      } catch (RuntimeException e) {
        log.warn("error preparing {} to stop", s.name(), e);
      }
    }
    for (int i = running.size() - 1; i >= 0; i--) {
      NodeService s = running.get(i);
      try {
        s.close();
        log.info("stopped {}", s.name());
      } catch (Exception e) {
        log.warn("error stopping {}", s.name(), e);
      }
    }
    running.clear();
  }
}
