package org.dsuite.cluster.it;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Finds a block of free ports for a test cluster (ten per node, ten below for ZooKeeper/HDFS). */
final class Ports {
  private Ports() {}

  static int freeBlock(int nodes) throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = 20_000 + 20 * ThreadLocalRandom.current().nextInt(1_500);
      if (free(base - 10, base + 10 * nodes)) {
        return base;
      }
    }
    throw new IOException("no free block of ports found");
  }

  private static boolean free(int from, int to) {
    for (int p = from; p < to; p++) {
      try (ServerSocket s = new ServerSocket(p);
          DatagramSocket d = new DatagramSocket(p)) {
        s.setReuseAddress(true);
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}
