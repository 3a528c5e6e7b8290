package org.dsuite.cluster.launcher;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;

/** Checks, before anything starts, that the ports a cluster will bind are free. */
final class Ports {
  private Ports() {}

  /** True if a TCP server socket can bind {@code 127.0.0.1:port} right now. */
  static boolean tcpFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** True if a UDP socket can bind {@code 127.0.0.1:port} right now. */
  static boolean udpFree(int port) {
    try (DatagramSocket s =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A message naming the first busy port of the plan, or empty when all are free. */
  static Optional<String> firstBusy(LocalCluster.Options o) {
    if (o.infra() && o.externalZk().isEmpty() && !tcpFree(o.basePort() - 10)) {
      return Optional.of(busy(o.basePort() - 10, "embedded ZooKeeper"));
    }
    if (o.infra() && o.externalHdfs().isEmpty() && !tcpFree(o.basePort() - 9)) {
      return Optional.of(busy(o.basePort() - 9, "embedded HDFS NameNode"));
    }
    for (int i = 1; i <= o.nodes(); i++) {
      for (var e : NodeLayout.ports(o.basePort(), i).entrySet()) {
        String service = e.getKey();
        int port = e.getValue();
        boolean used = service.equals("admin") || o.services().contains(service);
        boolean free = service.equals("swim") ? udpFree(port) : tcpFree(port);
        if (used && !free) {
          return Optional.of(busy(port, service + " of " + NodeLayout.name(i)));
        }
      }
    }
    return Optional.empty();
  }

  private static String busy(int port, String what) {
    return "port " + port + " (" + what + ") is in use; pick another block with --base-port";
  }
}
