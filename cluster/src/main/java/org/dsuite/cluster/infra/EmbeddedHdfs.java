package org.dsuite.cluster.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS (NameNode + DataNodes in this JVM, Hadoop's MiniDFSCluster) whose data lives under
 * {@code dir}. Clients in other processes reach it through {@link #uri()} like any NameNode.
 */
public final class EmbeddedHdfs implements AutoCloseable {
  private final MiniDFSCluster cluster;

  private EmbeddedHdfs(MiniDFSCluster cluster) {
    this.cluster = cluster;
  }

  /**
   * Starts HDFS with {@code dataNodes} DataNodes and the NameNode RPC port {@code nameNodePort} (0
   * picks a free one). Replication is min(3, dataNodes).
   */
  public static EmbeddedHdfs start(Path dir, int dataNodes, int nameNodePort) throws IOException {
    Files.createDirectories(dir);
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.toAbsolutePath().toString());
    conf.setInt("dfs.replication", Math.min(3, dataNodes));
    // Loopback only: no web UIs on fixed ports that could collide with another cluster.
    conf.set("dfs.namenode.http-address", "127.0.0.1:0");
    conf.set("dfs.datanode.http.address", "127.0.0.1:0");
    MiniDFSCluster cluster =
        new MiniDFSCluster.Builder(conf, dir.toFile())
            .numDataNodes(dataNodes)
            .nameNodePort(nameNodePort)
            .format(true)
            .build();
    cluster.waitActive();
    return new EmbeddedHdfs(cluster);
  }

  /** The file system URI, e.g. {@code hdfs://127.0.0.1:9000}. */
  public String uri() {
    return "hdfs://127.0.0.1:" + cluster.getNameNodePort();
  }

  @Override
  public void close() {
    cluster.shutdown(true);
  }
}
