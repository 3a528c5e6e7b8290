package org.dsuite.common.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read side of the {@code cluster.json} that {@code bin/cluster start} writes, so every CLI talks
 * to the local cluster when no {@code --node} (or {@code --hosts}, {@code --zk}) is given.
 *
 * <p>Where it looks, first hit wins: the system property {@code dsuite.cluster.dir}, the
 * environment variable {@code DSUITE_CLUSTER_DIR}, then {@code $dsuite.home/state/cluster} (the
 * launcher scripts set {@code dsuite.home} to the checkout). Only the fields the clients need are
 * read; the file's writer is {@code org.dsuite.cluster.launcher.ClusterFile}.
 */
public final class LocalClusterFile {
  public static final String FILE_NAME = "cluster.json";

  private final Path file;
  private final String zk;
  private final String hdfs;
  private final List<Map<String, String>> nodes;

  private LocalClusterFile(
      Path file, String zk, String hdfs, List<Map<String, String>> nodeAddresses) {
    this.file = file;
    this.zk = zk;
    this.hdfs = hdfs;
    this.nodes = nodeAddresses;
  }

  /** The local cluster's file, if one has been started from this checkout. */
  public static Optional<LocalClusterFile> find() {
    return find(
        System.getProperty("dsuite.cluster.dir"),
        System.getenv("DSUITE_CLUSTER_DIR"),
        System.getProperty("dsuite.home"));
  }

  static Optional<LocalClusterFile> find(String dirProperty, String dirEnv, String home) {
    Path dir;
    if (notBlank(dirProperty)) {
      dir = Path.of(dirProperty);
    } else if (notBlank(dirEnv)) {
      dir = Path.of(dirEnv);
    } else if (notBlank(home)) {
      dir = Path.of(home, "state", "cluster");
    } else {
      return Optional.empty();
    }
    Path f = dir.resolve(FILE_NAME);
    return Files.isRegularFile(f) ? Optional.of(read(f)) : Optional.empty();
  }

  /** Parses one {@code cluster.json}; a file that is not one is an error naming the file. */
  public static LocalClusterFile read(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.path("nodes").isArray()) {
      throw new IllegalArgumentException(file + " is not a cluster.json (no \"nodes\" array)");
    }
    List<Map<String, String>> nodes = new ArrayList<>();
    for (JsonNode n : root.path("nodes")) {
      String host = n.path("host").asText("127.0.0.1");
      Map<String, String> addresses = new java.util.LinkedHashMap<>();
      n.path("ports")
          .fields()
          .forEachRemaining(e -> addresses.put(e.getKey(), host + ":" + e.getValue().asInt()));
      nodes.add(Map.copyOf(addresses));
    }
    return new LocalClusterFile(
        file, root.path("zk").asText(""), root.path("hdfs").asText(""), List.copyOf(nodes));
  }

  public Path file() {
    return file;
  }

  /** ZooKeeper connect string, empty if the file has none. */
  public String zk() {
    return zk;
  }

  /** HDFS URI, empty if the file has none. */
  public String hdfs() {
    return hdfs;
  }

  /**
   * {@code host:port} of {@code service} (swim, grep, dfs, rainstorm, admin) on every node, in the
   * file's node order; nodes without that service are skipped.
   */
  public List<String> addresses(String service) {
    return nodes.stream().map(m -> m.get(service)).filter(a -> a != null).toList();
  }

  /** The first node's address of {@code service}, or an error saying the cluster has none. */
  public String firstAddress(String service) {
    List<String> all = addresses(service);
    if (all.isEmpty()) {
      throw new IllegalStateException(
          "the local cluster in " + file + " has no " + service + " service");
    }
    return all.get(0);
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
