package org.dsuite.cluster.node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dsuite.common.config.ConfigException;
import org.dsuite.common.net.HostPort;

/**
 * Start-up check that the external systems a node depends on answer at all, so a wrong address
 * fails in seconds with the key to fix, instead of as a retry storm deep inside a client library
 * (Hadoop's IPC client retries a dead NameNode for minutes; Curator retries ZooKeeper forever).
 *
 * <p>The check is a TCP connect: it proves something listens there, not that it is healthy; the
 * real clients report the rest.
 */
public final class Reachability {
  private Reachability() {}

  /**
   * Fails unless at least one server of a ZooKeeper connect string ({@code h:p,h:p[/chroot]})
   * accepts a connection within {@code timeout}.
   */
  public static void requireZooKeeper(String key, String connect, Duration timeout) {
    String hosts = connect.contains("/") ? connect.substring(0, connect.indexOf('/')) : connect;
    List<HostPort> servers = new ArrayList<>();
    for (String s : hosts.split(",")) {
      servers.add(parse(key, s.trim(), 2181));
    }
    requireAny(key, "ZooKeeper", servers, timeout);
  }

  /** Fails unless the NameNode of an {@code hdfs://host[:port]} URI accepts a connection. */
  public static void requireHdfs(String key, String uri, Duration timeout) {
    URI u;
    try {
      u = URI.create(uri);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, "not a URI: '" + uri + "'");
    }
    if (!"hdfs".equals(u.getScheme()) || u.getHost() == null) {
      // file:// and other schemes have no server to probe.
      return;
    }
    int port = u.getPort() > 0 ? u.getPort() : 8020;
    requireAny(key, "HDFS NameNode", List.of(new HostPort(u.getHost(), port)), timeout);
  }

  private static HostPort parse(String key, String s, int defaultPort) {
    try {
      return s.contains(":") ? HostPort.parse(s) : new HostPort(s, defaultPort);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, "bad address '" + s + "': " + e.getMessage());
    }
  }

  /** Tries each server until the deadline; servers still starting get the whole window. */
  private static void requireAny(
      String key, String what, List<HostPort> servers, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String lastError = "no attempt";
    do {
      for (HostPort hp : servers) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(hp.host(), hp.port()), 1000);
          return;
        } catch (IOException e) {
          lastError = hp + ": " + e.getMessage();
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    } while (System.nanoTime() < deadline);
    throw new ConfigException(
        key,
        what
            + " unreachable: none of "
            + servers
            + " accepted a connection within "
            + timeout.toMillis()
            + " ms (last: "
            + lastError
            + ")");
  }
}
