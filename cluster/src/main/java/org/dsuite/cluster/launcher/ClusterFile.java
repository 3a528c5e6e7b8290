package org.dsuite.cluster.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cluster.json}: every address of a local cluster, so each CLI ({@code dgrep}, {@code swim},
 * {@code hydfs}, {@code rainstorm}, {@code spark-baseline}) finds it by default, and the PIDs
 * {@code bin/cluster stop} ends.
 *
 * @param zk ZooKeeper connect string
 * @param hdfs HDFS file system URI
 * @param infra the embedded infrastructure process, or null when both HDFS and ZooKeeper are
 *     external
 */
public record ClusterFile(
    String stateDir, String zk, String hdfs, ManagedProcess infra, List<Node> nodes) {
  public static final String NAME = "cluster.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One node daemon.
   *
   * @param ports service name (swim, grep, dfs, rainstorm, admin) to port
   * @param jvmFlags the JVM flags the node was started with (e.g. its heap), so a restart gets the
   *     same ones; empty in a cluster.json written before they were recorded
   */
  public record Node(
      String name,
      String host,
      Map<String, Integer> ports,
      String config,
      String stateDir,
      ManagedProcess process,
      List<String> jvmFlags) {
    public Node {
      jvmFlags = jvmFlags == null ? List.of() : List.copyOf(jvmFlags);
    }

    public String address(String service) {
      Integer p = ports.get(service);
      if (p == null) {
        throw new IllegalArgumentException("node " + name + " has no " + service + " port");
      }
      return host + ":" + p;
    }

    Node withProcess(ManagedProcess p) {
      return new Node(name, host, ports, config, stateDir, p, jvmFlags);
    }
  }

  public ClusterFile {
    nodes = List.copyOf(nodes);
  }

  public Optional<Node> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  ClusterFile withNode(Node updated) {
    return new ClusterFile(
        stateDir,
        zk,
        hdfs,
        infra,
        nodes.stream().map(n -> n.name().equals(updated.name()) ? updated : n).toList());
  }

  public static Optional<ClusterFile> read(Path stateDir) throws IOException {
    Path f = stateDir.resolve(NAME);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    return Optional.of(JSON.readValue(f.toFile(), ClusterFile.class));
  }

  void write(Path stateDir) throws IOException {
    Files.createDirectories(stateDir);
    Path tmp = stateDir.resolve(NAME + ".tmp");
    JSON.writeValue(tmp.toFile(), this);
    Files.move(
        tmp,
        stateDir.resolve(NAME),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }
}
