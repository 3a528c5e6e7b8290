package org.dsuite.cluster.node;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The services a node has started so far, by name, for the services that build on them. */
final class NodeContext {
  private final NodeConfig node;
  private final Map<String, String> metadata;
  private final Map<String, NodeService> started = new LinkedHashMap<>();

  NodeContext(NodeConfig node, Map<String, String> metadata) {
    this.node = node;
    this.metadata = Map.copyOf(metadata);
  }

  /** Everything this node's services announce to the group (service name to address). */
  Map<String, String> metadata() {
    return metadata;
  }

  NodeConfig node() {
    return node;
  }

  void add(NodeService service) {
    started.put(service.name(), service);
  }

  /** A started service of the given type, if this node runs it. */
  <T extends NodeService> Optional<T> service(String name, Class<T> type) {
    NodeService s = started.get(name);
    return type.isInstance(s) ? Optional.of(type.cast(s)) : Optional.empty();
  }

  Map<String, NodeService> started() {
    return started;
  }
}
