package org.dsuite.cluster.infra;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;

/**
 * A real, single-server ZooKeeper running in this JVM (the same server code as a standalone
 * ensemble member), with its snapshots and transaction log under {@code dir}.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {
  private static final int TICK_MS = 500;

  private final ZooKeeperServer server;
  private final ServerCnxnFactory factory;

  private EmbeddedZooKeeper(ZooKeeperServer server, ServerCnxnFactory factory) {
    this.server = server;
    this.factory = factory;
  }

  /** Starts ZooKeeper on {@code host:port} (port 0 picks a free one). */
  public static EmbeddedZooKeeper start(Path dir, String host, int port, int maxClientConnections)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    File data = dir.toFile();
    ZooKeeperServer server = new ZooKeeperServer(data, data, TICK_MS);
    ServerCnxnFactory factory =
        ServerCnxnFactory.createFactory(new InetSocketAddress(host, port), maxClientConnections);
    factory.startup(server);
    return new EmbeddedZooKeeper(server, factory);
  }

  /** The connect string clients use, e.g. {@code 127.0.0.1:2181}. */
  public String connectString() {
    InetSocketAddress a = factory.getLocalAddress();
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  @Override
  public void close() {
    factory.shutdown();
    server.shutdown();
  }
}
