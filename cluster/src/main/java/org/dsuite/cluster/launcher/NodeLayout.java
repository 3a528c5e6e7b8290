package org.dsuite.cluster.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where node {@code i} of a local cluster lives: its ports (a block of ten per node starting at the
 * base port) and its directories, and the config file that says so.
 */
final class NodeLayout {
  static final int PORTS_PER_NODE = 10;
  static final Map<String, Integer> PORT_OFFSETS =
      Map.of("swim", 0, "grep", 1, "dfs", 2, "rainstorm", 3, "admin", 4);

  private NodeLayout() {}

  static String name(int index) {
    return "node" + index;
  }

  static Map<String, Integer> ports(int basePort, int index) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (String service : List.of("swim", "grep", "dfs", "rainstorm", "admin")) {
      ports.put(service, basePort + PORTS_PER_NODE * (index - 1) + PORT_OFFSETS.get(service));
    }
    return ports;
  }

  static Path dir(Path clusterDir, int index) {
    return clusterDir.resolve("nodes").resolve(name(index));
  }

  /**
   * The node's config as key/value pairs. Only keys of the services the node runs are written: the
   * daemon rejects keys no service reads.
   *
   * @param seeds swim addresses of the introducers (the first two nodes)
   * @param clusterSize how many nodes the cluster starts with
   */
  static Map<String, String> settings(
      Path clusterDir,
      int clusterSize,
      int index,
      Map<String, Integer> ports,
      List<String> services,
      String seeds,
      String zk,
      String hdfs,
      boolean embeddedHdfs) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("node.name", name(index));
    s.put("node.host", "127.0.0.1");
    s.put("node.state-dir", dir(clusterDir, index).toAbsolutePath().toString());
    s.put("node.admin-port", String.valueOf(ports.get("admin")));
    s.put("node.services", String.join(",", services));
    if (services.contains("swim")) {
      s.put("swim.host", "127.0.0.1");
      s.put("swim.port", String.valueOf(ports.get("swim")));
      s.put("swim.seeds", seeds);
      s.put("swim.state-dir", dir(clusterDir, index).resolve("swim").toAbsolutePath().toString());
    }
    if (services.contains("dfs")) {
      Path nodeDir = dir(clusterDir, index).toAbsolutePath();
      s.put("dfs.host", "127.0.0.1");
      s.put("dfs.rpc-port", String.valueOf(ports.get("dfs")));
      s.put("dfs.state-dir", nodeDir.resolve("dfs").toString());
      s.put("dfs.data-dir", nodeDir.resolve("dfs").resolve("data").toString());
      // multiappend reads local files only under here
      s.put("dfs.local-dir", nodeDir.resolve("local").toString());
      // A write needs this many replicas (default 3); a one- or two-node cluster would accept none.
      s.put("dfs.min-write-replicas", String.valueOf(Math.min(3, clusterSize)));
    }
    if (services.contains("rainstorm")) {
      Path nodeDir = dir(clusterDir, index).toAbsolutePath();
      s.put("rainstorm.zk", zk);
      s.put("rainstorm.hdfs", hdfs);
      s.put("rainstorm.host", "127.0.0.1");
      s.put("rainstorm.port", String.valueOf(ports.get("rainstorm")));
      s.put("rainstorm.state-dir", nodeDir.resolve("rainstorm").toString());
      s.put("rainstorm.worker.id", name(index));
      // The embedded HDFS has exactly as many DataNodes as the replication factor: there is no
      // spare to replace a failed pipeline node with.
      s.put("rainstorm.hdfs-replace-datanode-on-failure", String.valueOf(!embeddedHdfs));
    }
    if (services.contains("grep")) {
      // Each node serves its own log directory (node.log and anything else placed there).
      s.put("grep.host", "127.0.0.1");
      s.put("grep.port", String.valueOf(ports.get("grep")));
      s.put("grep.logs", "logs/*.log");
    }
    return s;
  }
}
