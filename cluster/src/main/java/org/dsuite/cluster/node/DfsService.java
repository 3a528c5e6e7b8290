package org.dsuite.cluster.node;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dsuite.common.config.ConfigException;
import org.dsuite.dfs.client.ClientConfig;
import org.dsuite.dfs.client.HydfsClient;
import org.dsuite.dfs.client.Listings;
import org.dsuite.dfs.server.DfsConfig;
import org.dsuite.dfs.server.HydfsNode;
import org.dsuite.dfs.server.RingView;

/**
 * The node's HyDFS server. It joins the ring through the node's swim member, which announces its
 * RPC address under metadata key {@code dfs}; it needs swim on the same node.
 */
final class DfsService implements NodeService {
  static final ServiceFactory FACTORY =
      (node, settings) -> {
        if (!node.services().contains("swim")) {
          throw new ConfigException("node.services", "dfs needs swim on the same node");
        }
        DfsConfig config = DfsConfig.from(settings);
        return new ServiceFactory.Prepared() {
          @Override
          public Map<String, String> metadata() {
            return Map.of(RingView.METADATA_KEY, config.host() + ":" + config.rpcPort());
          }

          @Override
          public NodeService start(NodeContext context) throws Exception {
            SwimService swim =
                context
                    .service("swim", SwimService.class)
                    .orElseThrow(() -> new IllegalStateException("swim is not running"));
            HydfsNode node = HydfsNode.open(config);
            try {
              node.join(swim.membership());
            } catch (RuntimeException e) {
              node.close();
              throw e;
            }
            return new DfsService(node);
          }
        };
      };

  private final HydfsNode node;
  private final HydfsClient client;

  private DfsService(HydfsNode node) {
    this.node = node;
    this.client = new HydfsClient(ClientConfig.of(List.of(node.address())));
  }

  @Override
  public String name() {
    return "dfs";
  }

  /**
   * Address, ring and the files this node holds (asked of the server itself, as `hydfs store`
   * does).
   */
  @Override
  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("address", node.address());
    s.put("ringId", node.selfId());
    s.put("ringSize", node.ring().size());
    // The ring as this node sees it, in ring order: what `hydfs list_mem_ids` prints.
    s.put(
        "ring",
        node.ring().nodes().stream()
            .map(n -> Map.of("id", n.id(), "address", n.address()))
            .toList());
    s.put("bytesPushed", node.bytesPushed());
    s.put("corruptionsDetected", node.corruptionsDetected());
    try {
      Listings.StoreListing store = client.store(node.address());
      s.put(
          "files",
          store.files().stream()
              .map(f -> Map.of("name", f.name(), "fileId", f.fileId(), "bytes", f.sizeBytes()))
              .toList());
    } catch (Exception e) {
      s.put("files", "unavailable: " + e.getMessage());
    }
    return s;
  }

  @Override
  public void bindMetrics(MeterRegistry registry) {
    Gauge.builder("dfs_ring_size", node, n -> n.ring().size())
        .description("nodes on the consistent-hashing ring as this node sees it")
        .register(registry);
    FunctionCounter.builder("dfs_rereplication_bytes", node, HydfsNode::bytesPushed)
        .description("bytes this node pushed to other replicas (re-replication and moves)")
        .baseUnit("bytes")
        .register(registry);
    FunctionCounter.builder("dfs_corruptions_detected", node, HydfsNode::corruptionsDetected)
        .description("blocks whose CRC32C did not match on read (each one repaired)")
        .register(registry);
  }

  @Override
  public void close() throws Exception {
    client.close();
    node.close();
  }
}
