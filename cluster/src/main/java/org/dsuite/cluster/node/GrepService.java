package org.dsuite.cluster.node;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dsuite.grep.server.GrepConfig;
import org.dsuite.grep.server.GrepServer;
import org.dsuite.grep.server.LogRoots;
import org.dsuite.grep.server.MemberDirectory;
import org.dsuite.grep.server.SwimMemberDirectory;

/**
 * The node's grep server. Relative log globs resolve against the node's state directory; with swim
 * on the node it answers {@code dgrep --member} with every live member's grep address.
 */
final class GrepService implements NodeService {
  static final ServiceFactory FACTORY =
      (node, settings) -> {
        GrepConfig config = GrepConfig.from(settings);
        LogRoots roots =
            LogRoots.of(
                config.logs(),
                node.stateDir().toAbsolutePath(),
                config.maxFiles(),
                config.maxWalkDepth());
        return new ServiceFactory.Prepared() {
          @Override
          public Map<String, String> metadata() {
            return Map.of(SwimMemberDirectory.METADATA_KEY, config.host() + ":" + config.port());
          }

          @Override
          public NodeService start(NodeContext context) throws Exception {
            MemberDirectory members =
                context
                    .service("swim", SwimService.class)
                    .map(s -> (MemberDirectory) new SwimMemberDirectory(s.membership()))
                    .orElse(null);
            return new GrepService(GrepServer.start(config, roots, members), config);
          }
        };
      };

  private final GrepServer server;
  private final GrepConfig config;

  private GrepService(GrepServer server, GrepConfig config) {
    this.server = server;
    this.config = config;
  }

  @Override
  public String name() {
    return "grep";
  }

  @Override
  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("address", server.address().toString());
    s.put("logs", config.logs());
    s.put("activeQueries", server.activeQueries());
    return s;
  }

  @Override
  public void bindMetrics(MeterRegistry registry) {
    Gauge.builder("grep_active_queries", server, GrepServer::activeQueries)
        .description("queries this grep server is scanning right now")
        .register(registry);
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
